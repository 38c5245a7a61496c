package dev.nbfactory.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Reads the nbformat values that may come in more than one shape, and names what is wrong. */
final class NotebookJson {
  private NotebookJson() {}

  /** A multiline string: nbformat stores text as one string or as a list of strings. */
  static String text(JsonNode node, String what) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return "";
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isArray()) {
      StringBuilder joined = new StringBuilder();
      for (JsonNode part : node) {
        if (!part.isTextual()) {
          throw new Unreadable(what + " is a list holding " + kind(part) + ", not only text");
        }
        joined.append(part.textValue());
      }
      return joined.toString();
    }
    throw new Unreadable(what + " is " + kind(node) + ", not text");
  }

  /** A list field; absent or null reads as empty. */
  static JsonNode list(JsonNode parent, String field, String what) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull() || node.isArray()) {
      return node.isArray() ? node : JsonNodeFactory.instance.arrayNode();
    }
    throw new Unreadable(what + " is " + kind(node) + ", not a list");
  }

  /** An object field; absent or null reads as empty. */
  static JsonNode object(JsonNode parent, String field, String what) {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull() || node.isObject()) {
      return node.isObject() ? node : JsonNodeFactory.instance.objectNode();
    }
    throw new Unreadable(what + " is " + kind(node) + ", not an object");
  }

  /** Whether the cell's {@code metadata.tags} list holds {@code tag}; malformed tags hold none. */
  static boolean hasTag(JsonNode cell, String tag) {
    for (JsonNode t : cell.path("metadata").path("tags")) {
      if (tag.equals(t.asText(null))) {
        return true;
      }
    }
    return false;
  }

  /** The kind of a JSON value, for messages: "a number", "an object". */
  static String kind(JsonNode node) {
    if (node.isNull()) {
      return "null";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT, POJO -> "an object";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING, BINARY -> "text";
      default -> "nothing";
    };
  }

  /** Part of a notebook has the wrong shape; the message says which part and how. */
  static final class Unreadable extends RuntimeException {
    Unreadable(String message) {
      super(message);
    }
  }
}
