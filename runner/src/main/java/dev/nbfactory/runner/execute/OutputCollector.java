package dev.nbfactory.runner.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a cell's IOPub messages into nbformat outputs, as nbclient does: consecutive stream text of
 * one name is merged, {@code clear_output} with {@code wait} clears when the next output comes,
 * {@code update_display_data} replaces every output shown under its display id, in this cell or an
 * earlier one.
 */
final class OutputCollector {
  private final Map<String, List<ObjectNode>> byDisplayId = new HashMap<>();
  private ArrayNode outputs;
  private boolean clearOnNext;

  /** Starts collecting into a cell's outputs list. */
  void begin(ArrayNode cellOutputs) {
    this.outputs = cellOutputs;
    this.clearOnNext = false;
  }

  /**
   * Adds one message.
   *
   * @return true when the outputs changed
   */
  boolean accept(String type, ObjectNode content) {
    switch (type) {
      case "stream" -> {
        clearIfPending();
        String name = content.path("name").asText("stdout");
        String text = content.path("text").asText("");
        JsonNode last = outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
        if (last != null
            && last.path("output_type").asText().equals("stream")
            && last.path("name").asText().equals(name)) {
          ((ObjectNode) last).put("text", last.path("text").asText() + text);
        } else {
          ObjectNode out = outputs.addObject();
          out.put("output_type", "stream");
          out.put("name", name);
          out.put("text", text);
        }
        return true;
      }
      case "display_data", "execute_result" -> {
        clearIfPending();
        ObjectNode out = outputs.addObject();
        out.put("output_type", type);
        out.set("data", content.path("data").deepCopy());
        out.set(
            "metadata",
            content.has("metadata") ? content.get("metadata").deepCopy() : out.objectNode());
        if (type.equals("execute_result")) {
          out.put("execution_count", content.path("execution_count").asInt());
        }
        String displayId = content.path("transient").path("display_id").asText("");
        if (!displayId.isEmpty()) {
          byDisplayId.computeIfAbsent(displayId, k -> new ArrayList<>()).add(out);
        }
        return true;
      }
      case "update_display_data" -> {
        String displayId = content.path("transient").path("display_id").asText("");
        for (ObjectNode shown : byDisplayId.getOrDefault(displayId, List.of())) {
          shown.set("data", content.path("data").deepCopy());
          shown.set(
              "metadata",
              content.has("metadata") ? content.get("metadata").deepCopy() : shown.objectNode());
        }
        return !byDisplayId.getOrDefault(displayId, List.of()).isEmpty();
      }
      case "error" -> {
        clearIfPending();
        ObjectNode out = outputs.addObject();
        out.put("output_type", "error");
        out.put("ename", content.path("ename").asText(""));
        out.put("evalue", content.path("evalue").asText(""));
        out.set("traceback", content.path("traceback").deepCopy());
        return true;
      }
      case "clear_output" -> {
        if (content.path("wait").asBoolean(false)) {
          clearOnNext = true;
          return false;
        }
        outputs.removeAll();
        return true;
      }
      default -> {
        return false; // execute_input, comm messages: not outputs
      }
    }
  }

  private void clearIfPending() {
    if (clearOnNext) {
      outputs.removeAll();
      clearOnNext = false;
    }
  }
}
