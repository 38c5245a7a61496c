package dev.nbfactory.kernel.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.ExpressionValue;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.ReplyType;
import org.dflib.jjava.jupyter.messages.adapters.ExpressionValueAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HeaderAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryEntryAdapter;
import org.dflib.jjava.jupyter.messages.adapters.HistoryRequestAdapter;
import org.dflib.jjava.jupyter.messages.adapters.KernelTimestampAdapter;
import org.dflib.jjava.jupyter.messages.adapters.MessageTypeAdapter;
import org.dflib.jjava.jupyter.messages.adapters.PublishStatusAdapter;
import org.dflib.jjava.jupyter.messages.adapters.ReplyTypeAdapter;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

/**
 * The bridge to jjava-jupyter's message classes: objects that the base library sends (comms,
 * display updates) go out through this kernel's own codec, and the library sees our requests as its
 * own {@link MessageContext}.
 */
public final class JjavaMessages {
  private static final Gson REPLY_GSON =
      new GsonBuilder()
          .registerTypeAdapter(HistoryEntry.class, HistoryEntryAdapter.INSTANCE)
          .registerTypeAdapter(ExpressionValue.class, ExpressionValueAdapter.INSTANCE)
          .create();

  /** Configured like the library's own, so its content classes serialize as it expects. */
  public static final Gson GSON =
      new GsonBuilder()
          .registerTypeAdapter(KernelTimestamp.class, KernelTimestampAdapter.INSTANCE)
          .registerTypeAdapter(Header.class, HeaderAdapter.INSTANCE)
          .registerTypeAdapter(MessageType.class, MessageTypeAdapter.INSTANCE)
          .registerTypeAdapter(PublishStatus.class, PublishStatusAdapter.INSTANCE)
          .registerTypeAdapter(HistoryRequest.class, HistoryRequestAdapter.INSTANCE)
          .registerTypeHierarchyAdapter(ReplyType.class, new ReplyTypeAdapter(REPLY_GSON))
          .create();

  private static final Type MAP = new TypeToken<Map<String, Object>>() {}.getType();

  private JjavaMessages() {}

  /** The library's view of a request: its identities and header. */
  public static MessageContext context(WireMessage request) {
    RawHeader header = new RawHeader(request.header());
    List<byte[]> identities = request.identities();
    return new MessageContext() {
      @Override
      public List<byte[]> getIdentities() {
        return identities;
      }

      @Override
      public Header<?> getHeader() {
        return header;
      }
    };
  }

  /** A request as the library's message of {@code type}, its content parsed as the library does. */
  public static <T> Message<T> message(WireMessage request, MessageType<T> type) {
    JsonObject h = request.header();
    Header<T> header =
        new Header<>(
            RawHeader.string(h, "msg_id"),
            RawHeader.string(h, "username"),
            RawHeader.string(h, "session"),
            new KernelTimestamp(RawHeader.string(h, "date")),
            type,
            RawHeader.string(h, "version"));
    T content = GSON.fromJson(request.content(), type.getContentType());
    Map<String, Object> metadata = GSON.fromJson(request.metadata(), MAP);
    return new Message<>(request.identities(), header, null, metadata, content, request.buffers());
  }

  /** A library message's content as JSON. */
  public static JsonElement content(Message<?> message) {
    return GSON.toJsonTree(message.getContent());
  }

  /** A library message's parent header as JSON: the original request header when known. */
  public static JsonObject parentHeader(Message<?> message) {
    Header<?> parent = message.getParentHeader();
    if (parent == null) {
      return new JsonObject();
    }
    if (parent instanceof RawHeader raw) {
      return raw.json;
    }
    return GSON.toJsonTree(parent, Header.class).getAsJsonObject();
  }

  /** A library message's metadata as JSON. */
  public static JsonObject metadata(Message<?> message) {
    return message.hasMetadata()
        ? GSON.toJsonTree(message.getMetadata()).getAsJsonObject()
        : new JsonObject();
  }

  /** A request header that remembers the JSON it came from. */
  static final class RawHeader extends Header<Object> {
    final JsonObject json;

    RawHeader(JsonObject json) {
      super(
          string(json, "msg_id"),
          string(json, "username"),
          string(json, "session"),
          new KernelTimestamp(string(json, "date")),
          type(string(json, "msg_type")),
          string(json, "version"));
      this.json = json;
    }

    @SuppressWarnings("unchecked")
    private static MessageType<Object> type(String name) {
      return (MessageType<Object>) MessageType.getType(name);
    }

    private static String string(JsonObject o, String field) {
      JsonElement e = o.get(field);
      return e != null && e.isJsonPrimitive() ? e.getAsString() : "";
    }
  }
}
