package dev.nbfactory.kernel;

import com.google.gson.JsonObject;
import dev.nbfactory.kernel.wire.KernelConnection;
import dev.nbfactory.kernel.wire.KernelConnection.Channel;
import dev.nbfactory.kernel.wire.WireMessage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request of the Jupyter messaging protocol to the class that answers it, and answers
 * {@code interrupt_request} and {@code shutdown_request} itself. Every request it is sent gets a
 * reply with the fields the protocol asks for.
 */
final class MessageDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(MessageDispatcher.class);

  private final KernelConnection connection;
  private final Replies replies;
  private final Supplier<JsonObject> kernelInfo;
  private final ExecuteRequests execute;
  private final CodeRequests code;
  private final HistoryRequests history;
  private final CommRequests comms;
  private final CellInterrupter interrupter;

  MessageDispatcher(
      KernelConnection connection,
      Replies replies,
      Supplier<JsonObject> kernelInfo,
      ExecuteRequests execute,
      CodeRequests code,
      HistoryRequests history,
      CommRequests comms,
      CellInterrupter interrupter) {
    this.connection = connection;
    this.replies = replies;
    this.kernelInfo = kernelInfo;
    this.execute = execute;
    this.code = code;
    this.history = history;
    this.comms = comms;
    this.interrupter = interrupter;
  }

  /** Handles one request; called on the thread of the channel it came in on. */
  void handle(Channel channel, WireMessage request) {
    switch (request.type()) {
      case "execute_request" -> {
        for (WireMessage queued : execute.execute(channel, request)) {
          if (queued.type().equals("execute_request")) {
            execute.abort(queued);
          } else {
            handle(Channel.SHELL, queued);
          }
        }
      }
      case "kernel_info_request" -> serve(channel, request, "kernel_info_reply", kernelInfo);
      case "complete_request" ->
          serve(channel, request, "complete_reply", () -> code.complete(request));
      case "inspect_request" ->
          serve(channel, request, "inspect_reply", () -> code.inspect(request));
      case "is_complete_request" ->
          serve(channel, request, "is_complete_reply", () -> code.isComplete(request));
      case "history_request" ->
          serve(channel, request, "history_reply", () -> history.history(request));
      case "comm_info_request" ->
          serve(channel, request, "comm_info_reply", () -> comms.commInfo(request));
      case "interrupt_request" -> serve(channel, request, "interrupt_reply", this::interrupt);
      case "shutdown_request" -> shutdown(channel, request);
      case "comm_open", "comm_msg", "comm_close" -> comms.comm(request);
      default -> LOG.warn("ignored a {} message: this kernel does not handle it", request.type());
    }
  }

  private void serve(
      Channel channel, WireMessage request, String replyType, Supplier<JsonObject> body) {
    replies.serve(channel, request, replyType, body);
  }

  private JsonObject interrupt() {
    interrupter.interrupt();
    return Replies.ok();
  }

  private void shutdown(Channel channel, WireMessage request) {
    boolean restart = request.bool("restart", false);
    replies.status(request, "busy");
    interrupter.interrupt();
    JsonObject reply = Replies.ok();
    reply.addProperty("restart", restart);
    replies.reply(channel, request, "shutdown_reply", reply);
    replies.status(request, "idle");
    connection.shutdown();
  }
}
