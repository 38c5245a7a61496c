package dev.nbfactory.web.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /feedback} body: one outcome {@code {"prediction_id": ..., "actual": ...}}, a list
 * of them, or {@code {"outcomes": [...]}}; {@code actual} is the true label or value.
 */
final class FeedbackInput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FeedbackInput() {}

  static List<Outcome> outcomes(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequest("the body cannot be read: " + e.getMessage());
    }
    JsonNode list =
        root != null && root.isObject() && root.has("outcomes") ? root.get("outcomes") : root;
    List<JsonNode> items = new ArrayList<>();
    if (list != null && list.isArray()) {
      list.forEach(items::add);
    } else if (list != null && list.isObject()) {
      items.add(list);
    } else {
      throw new BadRequest(shape());
    }
    List<Outcome> out = new ArrayList<>();
    for (JsonNode item : items) {
      JsonNode id = item.get("prediction_id");
      JsonNode actual = item.get("actual");
      if (id == null
          || !id.isTextual()
          || actual == null
          || actual.isNull()
          || actual.isContainerNode()) {
        throw new BadRequest("outcome " + out.size() + ": " + shape());
      }
      try {
        out.add(new Outcome(id.asText(), actual.asText()));
      } catch (FactoryException e) {
        throw new BadRequest("outcome " + out.size() + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static String shape() {
    return "send {\"prediction_id\": \"...\", \"actual\": \"...\"}, a list of them, or"
        + " {\"outcomes\": [...]}";
  }
}
