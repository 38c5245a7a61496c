package dev.nbfactory.kernel.embed;

import com.google.gson.JsonObject;
import dev.nbfactory.kernel.FactoryKernel;
import dev.nbfactory.kernel.KernelSettings;
import dev.nbfactory.kernel.wire.BadMessageException;
import dev.nbfactory.kernel.wire.KernelConnection;
import dev.nbfactory.kernel.wire.LoopbackPorts;
import dev.nbfactory.kernel.wire.MessageSigner;
import dev.nbfactory.kernel.wire.WireCodec;
import dev.nbfactory.kernel.wire.WireMessage;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A {@link FactoryKernel} started in this JVM and driven as a Jupyter client drives it: signed
 * messages on loopback sockets with a fresh random key, so that a headless run goes through the
 * same code, renderers and message order as an interactive one. One cell at a time.
 */
public final class EmbeddedKernel implements AutoCloseable {
  private static final int POLL_MILLIS = 50;

  private final KernelConnection connection;
  private final FactoryKernel kernel;
  private final ZMQ.Context context = ZMQ.context(1);
  private final ZMQ.Socket shell;
  private final ZMQ.Socket control;
  private final ZMQ.Socket iopub;
  private final WireCodec codec;
  private final ZMQ.Poller poller;

  /** What a cell's execution ended with. */
  public record Reply(String status, int executionCount, JsonObject content) {
    public boolean ok() {
      return status.equals("ok");
    }
  }

  private EmbeddedKernel(KernelConnectionProperties props, MessageSigner signer, KernelSettings s) {
    this.connection = new KernelConnection(props, signer);
    this.kernel = FactoryKernel.create(connection, s);
    this.codec = new WireCodec(signer, UUID.randomUUID().toString());
    try {
      connection.start(kernel::handle);
    } catch (RuntimeException e) {
      kernel.close();
      connection.close();
      context.term();
      throw e;
    }
    this.shell = context.socket(SocketType.DEALER);
    this.control = context.socket(SocketType.DEALER);
    this.iopub = context.socket(SocketType.SUB);
    kernel.start();
    String base = "tcp://127.0.0.1:";
    shell.connect(base + props.getShellPort());
    control.connect(base + props.getControlPort());
    iopub.subscribe(new byte[0]);
    iopub.connect(base + props.getIopubPort());
    for (ZMQ.Socket socket : List.of(shell, control, iopub)) {
      socket.setLinger(0);
      socket.setReceiveTimeOut(POLL_MILLIS);
    }
    this.poller = context.poller(2);
    poller.register(shell, ZMQ.Poller.POLLIN);
    poller.register(iopub, ZMQ.Poller.POLLIN);
  }

  /**
   * Starts a kernel and waits until it answers, as nbclient does before the first cell.
   *
   * @param settings with the mode of the run that embeds the kernel ({@link
   *     KernelSettings#withMode}); its extensions behave by it
   * @throws TimeoutException when it does not answer within {@code startTimeout}
   */
  public static EmbeddedKernel start(KernelSettings settings, Duration startTimeout)
      throws TimeoutException, IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(settings, startTimeout);
      } catch (ZMQException e) {
        // Another process took one of the free ports before the kernel bound it: pick again.
        if (!LoopbackPorts.takenMeanwhile(e) || attempt == LoopbackPorts.ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static EmbeddedKernel startOnce(KernelSettings settings, Duration startTimeout)
      throws TimeoutException, IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String hexKey = HexFormat.of().formatHex(key);
    int[] ports = LoopbackPorts.pick(5);
    String json =
        String.format(
            "{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"signature_scheme\": \"hmac-sha256\","
                + " \"key\": \"%s\", \"shell_port\": %d, \"control_port\": %d, \"stdin_port\": %d,"
                + " \"iopub_port\": %d, \"hb_port\": %d}",
            hexKey, ports[0], ports[1], ports[2], ports[3], ports[4]);
    KernelConnectionProperties props = KernelConnectionProperties.parse(json);
    EmbeddedKernel k =
        new EmbeddedKernel(props, MessageSigner.of("hmac-sha256", hexKey, false), settings);
    try {
      k.awaitReady(startTimeout);
    } catch (TimeoutException | RuntimeException e) {
      k.close();
      throw e;
    }
    return k;
  }

  public FactoryKernel kernel() {
    return kernel;
  }

  /**
   * Sends kernel_info until both its reply and IOPub traffic arrive: the sockets are joined. An
   * IOPub subscription that joins late misses the first request's status messages; once the reply
   * is in, the request is sent again soon, instead of after the whole wait.
   */
  private void awaitReady(Duration timeout) throws TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String id = send(shell, "kernel_info_request", new JsonObject());
      boolean replied = false;
      boolean heard = false;
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
      while (System.nanoTime() < until && !(replied && heard)) {
        if (!replied) {
          WireMessage reply = receive(shell);
          if (reply != null && parentId(reply).equals(id)) {
            replied = true;
            until = Math.min(until, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
          }
        }
        if (!heard) {
          WireMessage event = receive(iopub);
          heard = event != null && parentId(event).equals(id);
        }
      }
      if (replied && heard) {
        return;
      }
    }
    throw new TimeoutException("the kernel did not answer within " + timeout.toSeconds() + " s");
  }

  /**
   * Executes one cell. Every IOPub message of the cell (execute_input, stream, display_data,
   * execute_result, error, clear_output, update_display_data) goes to {@code onOutput} in order,
   * and this returns once the reply and the cell's final {@code idle} status are both in.
   *
   * @param onTick called about every 50 ms while the cell runs, for timeouts and periodic saves
   */
  public Reply execute(String code, Consumer<WireMessage> onOutput, Runnable onTick) {
    JsonObject content = new JsonObject();
    content.addProperty("code", code);
    content.addProperty("silent", false);
    content.addProperty("store_history", true);
    content.add("user_expressions", new JsonObject());
    content.addProperty("allow_stdin", false);
    content.addProperty("stop_on_error", true);
    String id = send(shell, "execute_request", content);
    WireMessage reply = null;
    boolean idle = false;
    while (reply == null || !idle) {
      poller.poll(POLL_MILLIS);
      for (WireMessage event = receive(iopub, ZMQ.DONTWAIT);
          event != null;
          event = receive(iopub, ZMQ.DONTWAIT)) {
        if (parentId(event).equals(id)) {
          if (event.type().equals("status")) {
            idle |= event.string("execution_state", "").equals("idle");
          } else {
            onOutput.accept(event);
          }
        }
      }
      for (WireMessage r = receive(shell, ZMQ.DONTWAIT);
          r != null;
          r = receive(shell, ZMQ.DONTWAIT)) {
        if (parentId(r).equals(id)) {
          reply = r;
        }
      }
      onTick.run();
    }
    return new Reply(
        reply.string("status", "error"), reply.integer("execution_count", 0), reply.content());
  }

  /** Asks the running cell to stop (interrupt_request on the control channel). */
  public void interrupt() {
    send(control, "interrupt_request", new JsonObject());
  }

  @Override
  public void close() {
    try {
      send(control, "shutdown_request", shutdownContent());
      connection.awaitShutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      kernel.close();
      connection.close();
      shell.close();
      control.close();
      poller.close();
      iopub.close();
      context.term();
    }
  }

  private static JsonObject shutdownContent() {
    JsonObject c = new JsonObject();
    c.addProperty("restart", false);
    return c;
  }

  private String send(ZMQ.Socket socket, String type, JsonObject content) {
    JsonObject header = codec.header(type);
    List<byte[]> frames =
        codec.encode(List.of(), header, new JsonObject(), new JsonObject(), content, List.of());
    for (int i = 0; i < frames.size(); i++) {
      socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
    }
    return header.get("msg_id").getAsString();
  }

  private WireMessage receive(ZMQ.Socket socket) {
    return receive(socket, 0);
  }

  private WireMessage receive(ZMQ.Socket socket, int flags) {
    byte[] first = socket.recv(flags);
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>();
    frames.add(first);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    try {
      return codec.decode(frames);
    } catch (BadMessageException e) {
      throw new IllegalStateException("the embedded kernel sent a bad message: " + e.getMessage());
    }
  }

  private static String parentId(WireMessage m) {
    var id = m.parentHeader().get("msg_id");
    return id == null || id.isJsonNull() ? "" : id.getAsString();
  }
}
