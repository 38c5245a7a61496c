package dev.nbfactory.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nbfactory.kernel.eval.CellException;
import dev.nbfactory.kernel.wire.KernelConnection;
import dev.nbfactory.kernel.wire.KernelConnection.Channel;
import dev.nbfactory.kernel.wire.WireMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies as the protocol wants them: each request between a {@code busy} and an {@code idle}
 * status on IOPub, and a failure as an {@code error} reply rather than none.
 */
final class Replies {
  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

  private final KernelConnection connection;

  Replies(KernelConnection connection) {
    this.connection = connection;
  }

  /** Replies to {@code request} with what {@code body} gives, or with its exception. */
  void serve(Channel channel, WireMessage request, String replyType, Supplier<JsonObject> body) {
    status(request, "busy");
    try {
      connection.reply(channel, request, replyType, body.get());
    } catch (RuntimeException e) {
      LOG.warn("{} failed", request.type(), e);
      connection.reply(channel, request, replyType, errorContent(e));
    } finally {
      status(request, "idle");
    }
  }

  void reply(Channel channel, WireMessage request, String replyType, JsonObject content) {
    connection.reply(channel, request, replyType, content);
  }

  /** Publishes the kernel's {@code execution_state} while it handles {@code request}. */
  void status(WireMessage request, String state) {
    JsonObject content = new JsonObject();
    content.addProperty("execution_state", state);
    connection.iopub().publish("status", request.header(), content);
  }

  /** A reply's body with just {@code status: ok}. */
  static JsonObject ok() {
    JsonObject reply = new JsonObject();
    reply.addProperty("status", "ok");
    return reply;
  }

  /** A cell's error as an {@code error} message's content, or with a status as a reply's. */
  static JsonObject errorJson(CellException e, boolean withStatus) {
    JsonObject error = new JsonObject();
    if (withStatus) {
      error.addProperty("status", "error");
    }
    error.addProperty("ename", e.ename());
    error.addProperty("evalue", e.evalue());
    JsonArray traceback = new JsonArray();
    e.traceback().forEach(traceback::add);
    error.add("traceback", traceback);
    return error;
  }

  /** An exception of the kernel's own as an error reply's content. */
  static JsonObject errorContent(Throwable e) {
    return errorJson(
        new CellException(
            e.getClass().getName(),
            String.valueOf(e.getMessage()),
            List.of(stackTrace(e).split("\n"))),
        true);
  }

  static String stackTrace(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
