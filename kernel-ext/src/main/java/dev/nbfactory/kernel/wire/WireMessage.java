package dev.nbfactory.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * A message as it crossed the wire: routing identities, the four JSON parts (kept as received so a
 * reply's {@code parent_header} is exactly the request's header) and any binary buffers.
 */
public record WireMessage(
    List<byte[]> identities,
    JsonObject header,
    JsonObject parentHeader,
    JsonObject metadata,
    JsonObject content,
    List<byte[]> buffers) {

  public String type() {
    return header.get("msg_type").getAsString();
  }

  public String id() {
    return header.get("msg_id").getAsString();
  }

  /** A string field of the content, or {@code fallback} when absent or not a string. */
  public String string(String field, String fallback) {
    JsonElement e = content.get(field);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()
        ? e.getAsString()
        : fallback;
  }

  /** A boolean field of the content, or {@code fallback} when absent or not a boolean. */
  public boolean bool(String field, boolean fallback) {
    JsonElement e = content.get(field);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()
        ? e.getAsBoolean()
        : fallback;
  }

  /** An int field of the content, or {@code fallback} when absent or not a number. */
  public int integer(String field, int fallback) {
    JsonElement e = content.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      return fallback;
    }
    try {
      return e.getAsInt();
    } catch (NumberFormatException ex) {
      return fallback;
    }
  }
}
