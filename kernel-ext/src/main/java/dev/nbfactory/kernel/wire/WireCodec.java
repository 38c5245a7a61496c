package dev.nbfactory.kernel.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Turns the frames of a Jupyter message into a {@link WireMessage} and back. Decoding checks the
 * signature before it parses anything, and refuses anything that is not a well-formed message.
 */
public final class WireCodec {
  /** The Jupyter messaging protocol version this kernel speaks. */
  public static final String PROTOCOL_VERSION = "5.3";

  static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final MessageSigner signer;
  private final String session;
  private final Gson gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  public WireCodec(MessageSigner signer, String session) {
    this.signer = signer;
    this.session = session;
  }

  /** The kernel's session id, the {@code session} of every header it writes. */
  public String session() {
    return session;
  }

  public Gson gson() {
    return gson;
  }

  /**
   * Decodes the frames of one message.
   *
   * @throws BadMessageException when the signature is missing or wrong, or the parts are not the
   *     JSON objects a message is made of
   */
  public WireMessage decode(List<byte[]> frames) throws BadMessageException {
    int delimiter = -1;
    for (int i = 0; i < frames.size(); i++) {
      if (Arrays.equals(DELIMITER, frames.get(i))) {
        delimiter = i;
        break;
      }
    }
    if (delimiter < 0) {
      throw new BadMessageException("no <IDS|MSG> delimiter");
    }
    if (frames.size() < delimiter + 6) {
      throw new BadMessageException("too few frames: " + frames.size());
    }
    byte[] signature = frames.get(delimiter + 1);
    byte[] header = frames.get(delimiter + 2);
    byte[] parent = frames.get(delimiter + 3);
    byte[] metadata = frames.get(delimiter + 4);
    byte[] content = frames.get(delimiter + 5);
    if (!signer.verify(signature, header, parent, metadata, content)) {
      throw new BadMessageException("bad signature");
    }
    JsonObject h = object(header, "header");
    for (String field : List.of("msg_id", "msg_type")) {
      JsonElement e = h.get(field);
      if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
        throw new BadMessageException("header without a string " + field);
      }
    }
    return new WireMessage(
        List.copyOf(frames.subList(0, delimiter)),
        h,
        object(parent, "parent_header"),
        object(metadata, "metadata"),
        object(content, "content"),
        List.copyOf(frames.subList(delimiter + 6, frames.size())));
  }

  /** A new header for a message of {@code type} from this kernel. */
  public JsonObject header(String type) {
    JsonObject h = new JsonObject();
    h.addProperty("msg_id", UUID.randomUUID().toString());
    h.addProperty("username", "kernel");
    h.addProperty("session", session);
    h.addProperty("date", DATE.format(Instant.now()));
    h.addProperty("msg_type", type);
    h.addProperty("version", PROTOCOL_VERSION);
    return h;
  }

  /** The frames of a message, signed. */
  public List<byte[]> encode(
      List<byte[]> identities,
      JsonObject header,
      JsonObject parentHeader,
      JsonObject metadata,
      JsonElement content,
      List<byte[]> buffers) {
    byte[] h = bytes(header);
    byte[] p = bytes(parentHeader == null ? new JsonObject() : parentHeader);
    byte[] m = bytes(metadata == null ? new JsonObject() : metadata);
    byte[] c = bytes(content);
    List<byte[]> frames = new ArrayList<>(identities.size() + 6 + buffers.size());
    frames.addAll(identities);
    frames.add(DELIMITER);
    frames.add(signer.sign(h, p, m, c));
    frames.add(h);
    frames.add(p);
    frames.add(m);
    frames.add(c);
    frames.addAll(buffers);
    return frames;
  }

  private byte[] bytes(JsonElement json) {
    return gson.toJson(json).getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject object(byte[] frame, String part) throws BadMessageException {
    try {
      JsonElement e = JsonParser.parseString(new String(frame, StandardCharsets.UTF_8));
      if (!e.isJsonObject()) {
        throw new BadMessageException(part + " is not a JSON object");
      }
      return e.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new BadMessageException(part + " is not JSON: " + e.getMessage());
    }
  }
}
