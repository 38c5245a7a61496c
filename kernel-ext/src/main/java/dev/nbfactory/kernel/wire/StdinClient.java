package dev.nbfactory.kernel.wire;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * Asks the client for a line of input over the stdin channel. The socket is used only by this
 * class's own thread, so a cell thread that is stopped while it waits for the answer leaves the
 * socket intact; a late answer to a cancelled request is discarded.
 */
public final class StdinClient {
  private static final Logger LOG = LoggerFactory.getLogger(StdinClient.class);

  private final ZMQ.Socket socket;
  private final WireCodec codec;
  private final SynchronousQueue<Request> requests = new SynchronousQueue<>();

  /** What {@link #stop()} hands the thread. */
  private static final Request STOP = new Request(null, "", false, () -> true);

  private volatile boolean running = true;

  StdinClient(ZMQ.Socket socket, WireCodec codec) {
    this.socket = socket;
    this.codec = codec;
  }

  /**
   * Sends an {@code input_request} to the client that sent {@code request} and waits for its {@code
   * input_reply}.
   *
   * @param cancelled polled while waiting; when it turns true the wait ends
   * @return the line the user typed, without a line terminator
   * @throws InterruptedIOException when cancelled or interrupted
   */
  public String readLine(
      WireMessage request, String prompt, boolean password, BooleanSupplier cancelled)
      throws IOException {
    Request r = new Request(request, prompt, password, cancelled);
    try {
      if (!requests.offer(r, 5, TimeUnit.SECONDS)) {
        throw new IOException("stdin channel is busy or closed");
      }
      String line = r.answer.take();
      if (r.failure != null) {
        throw r.failure;
      }
      return line;
    } catch (InterruptedException e) {
      r.cancel();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("input request interrupted");
    }
  }

  void run() {
    while (running) {
      Request r;
      try {
        r = requests.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (r == STOP) {
        return;
      }
      if (r != null) {
        serve(r);
      }
    }
  }

  void stop() {
    running = false;
    // Ends a wait in run() at once when the thread is in it; otherwise the flag ends the loop.
    requests.offer(STOP);
  }

  private void serve(Request r) {
    JsonObject content = new JsonObject();
    content.addProperty("prompt", r.prompt);
    content.addProperty("password", r.password);
    List<byte[]> frames =
        codec.encode(
            r.request.identities(),
            codec.header("input_request"),
            r.request.header(),
            new JsonObject(),
            content,
            List.of());
    for (int i = 0; i < frames.size(); i++) {
      socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
    }
    while (running && !r.cancelled()) {
      byte[] first = socket.recv(0);
      if (first == null) {
        continue; // receive timeout: look at the flags again
      }
      List<byte[]> received = new ArrayList<>();
      received.add(first);
      while (socket.hasReceiveMore()) {
        received.add(socket.recv(0));
      }
      WireMessage reply;
      try {
        reply = codec.decode(received);
      } catch (BadMessageException e) {
        LOG.warn("dropped a message on stdin: {}", e.getMessage());
        continue;
      }
      if (!"input_reply".equals(reply.type())) {
        LOG.warn("ignored a {} message on stdin", reply.type());
        continue;
      }
      r.answer.offer(reply.string("value", ""));
      return;
    }
    r.failure = new InterruptedIOException("input request interrupted");
    r.answer.offer("");
  }

  private static final class Request {
    final WireMessage request;
    final String prompt;
    final boolean password;
    final BooleanSupplier cancelledBy;
    final BlockingQueue<String> answer = new ArrayBlockingQueue<>(1);
    volatile boolean cancelled;
    volatile IOException failure;

    Request(WireMessage request, String prompt, boolean password, BooleanSupplier cancelledBy) {
      this.request = request;
      this.prompt = prompt;
      this.password = password;
      this.cancelledBy = cancelledBy;
    }

    boolean cancelled() {
      return cancelled || cancelledBy.getAsBoolean();
    }

    void cancel() {
      cancelled = true;
    }
  }
}
