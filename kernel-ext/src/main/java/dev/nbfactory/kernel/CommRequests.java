package dev.nbfactory.kernel;

import com.google.gson.JsonObject;
import dev.nbfactory.kernel.wire.JjavaMessages;
import dev.nbfactory.kernel.wire.KernelConnection;
import dev.nbfactory.kernel.wire.WireMessage;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.messages.MessageType;

/**
 * The comm messages ({@code comm_info_request}, {@code comm_open}, {@code comm_msg}, {@code
 * comm_close}), handed to jjava-jupyter's {@link CommManager}.
 */
final class CommRequests {
  private final KernelConnection connection;
  private final CommManager comms;

  CommRequests(KernelConnection connection, CommManager comms) {
    this.connection = connection;
    this.comms = comms;
  }

  JsonObject commInfo(WireMessage request) {
    String target = request.string("target_name", null);
    JsonObject open = new JsonObject();
    comms.forEach(
        comm -> {
          if (target == null || target.equals(comm.getTargetName())) {
            JsonObject info = new JsonObject();
            info.addProperty("target_name", comm.getTargetName());
            open.add(comm.getID(), info);
          }
        });
    JsonObject reply = Replies.ok();
    reply.add("comms", open);
    return reply;
  }

  void comm(WireMessage request) {
    CellReplyEnvironment env = new CellReplyEnvironment(connection, request);
    try {
      switch (request.type()) {
        case "comm_open" ->
            comms.handleCommOpenCommand(
                env, JjavaMessages.message(request, MessageType.COMM_OPEN_COMMAND));
        case "comm_msg" ->
            comms.handleCommMsgCommand(
                env, JjavaMessages.message(request, MessageType.COMM_MSG_COMMAND));
        default ->
            comms.handleCommCloseCommand(
                env, JjavaMessages.message(request, MessageType.COMM_CLOSE_COMMAND));
      }
    } finally {
      env.resolveDeferrals();
    }
  }
}
