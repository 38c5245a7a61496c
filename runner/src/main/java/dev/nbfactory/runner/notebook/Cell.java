package dev.nbfactory.runner.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One cell of a {@link NotebookDocument}, a view on its JSON object. */
public final class Cell {
  private final ObjectNode json;

  Cell(ObjectNode json) {
    this.json = json;
  }

  /** A new code cell with no outputs. */
  public static Cell code(String source, String... tags) {
    ObjectNode json = NotebookDocument.nodes().objectNode();
    json.put("cell_type", "code");
    json.put("id", newId());
    json.putNull("execution_count");
    ObjectNode metadata = json.putObject("metadata");
    if (tags.length > 0) {
      ArrayNode t = metadata.putArray("tags");
      for (String tag : tags) {
        t.add(tag);
      }
    }
    json.putArray("outputs");
    Cell cell = new Cell(json);
    cell.setSource(source);
    return cell;
  }

  /** A new markdown cell. */
  public static Cell markdown(String source, String... tags) {
    Cell cell = code(source, tags);
    cell.json.put("cell_type", "markdown");
    cell.json.remove("outputs");
    cell.json.remove("execution_count");
    return cell;
  }

  /** nbformat 4.5 cell ids: 1–64 characters of letters, digits, '-' and '_'. */
  static String newId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  }

  public ObjectNode json() {
    return json;
  }

  public String type() {
    return json.path("cell_type").asText();
  }

  public boolean isCode() {
    return type().equals("code");
  }

  /** The source as one string; nbformat allows a string or a list of lines. */
  public String source() {
    JsonNode s = json.get("source");
    if (s == null || s.isNull()) {
      return "";
    }
    if (s.isArray()) {
      StringBuilder out = new StringBuilder();
      s.forEach(line -> out.append(line.asText()));
      return out.toString();
    }
    return s.asText();
  }

  /** Sets the source as Jupyter stores it: a list of lines, each keeping its newline. */
  public void setSource(String source) {
    ArrayNode lines = json.putArray("source");
    int start = 0;
    for (int i = 0; i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        lines.add(source.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < source.length()) {
      lines.add(source.substring(start));
    }
  }

  public ObjectNode metadata() {
    JsonNode m = json.get("metadata");
    if (m instanceof ObjectNode obj) {
      return obj;
    }
    return json.putObject("metadata");
  }

  public List<String> tags() {
    List<String> tags = new ArrayList<>();
    metadata().path("tags").forEach(t -> tags.add(t.asText()));
    return tags;
  }

  public boolean hasTag(String tag) {
    return tags().contains(tag);
  }

  /** The outputs list of a code cell (created if missing). */
  public ArrayNode outputs() {
    JsonNode o = json.get("outputs");
    if (o instanceof ArrayNode a) {
      return a;
    }
    return json.putArray("outputs");
  }

  public void setExecutionCount(Integer count) {
    if (count == null) {
      json.putNull("execution_count");
    } else {
      json.put("execution_count", count);
    }
  }

  /** Outputs and execution count removed, as before a fresh run. */
  public void clearOutputs() {
    if (isCode()) {
      json.putArray("outputs");
      json.putNull("execution_count");
    }
  }
}
