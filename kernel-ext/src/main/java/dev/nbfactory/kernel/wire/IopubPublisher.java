package dev.nbfactory.kernel.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * Publishes on the IOPub socket from one thread of its own, in the order messages were queued. Any
 * thread may queue: a cell's code printing, a thread it started, the shell handler. A thread that
 * is stopped by an interrupt while queuing cannot leave half a message on the socket. Consecutive
 * stream text for the same cell and stream is merged into one message; a writer that outruns the
 * socket waits once {@value #MAX_QUEUED_CHARS} characters are queued.
 *
 * <p>Locking is by monitor, not {@code java.util.concurrent} locks: a cell thread stopped by an
 * interrupt unwinds through a monitor and releases it, whatever instruction it was at.
 */
public final class IopubPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(IopubPublisher.class);
  static final int MAX_SEGMENT_CHARS = 64 * 1024;
  static final int MAX_QUEUED_CHARS = 8 * 1024 * 1024;

  private final ZMQ.Socket socket;
  private final WireCodec codec;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private long queuedChars;
  private long enqueuedCount;
  private long sentCount;
  private boolean running = true;

  IopubPublisher(ZMQ.Socket socket, WireCodec codec) {
    this.socket = socket;
    this.codec = codec;
  }

  /** Queues a message of {@code type} in reply to the request whose header is {@code parent}. */
  public void publish(String type, JsonObject parent, JsonElement content) {
    publish(type, parent, content, new JsonObject(), List.of());
  }

  /** Queues a message with metadata and binary buffers. */
  public void publish(
      String type,
      JsonObject parent,
      JsonElement content,
      JsonObject metadata,
      List<byte[]> buffers) {
    enqueue(new Pending(type, parent, content, metadata, buffers, null, null));
  }

  /** Queues stream text ({@code stdout} or {@code stderr}), merged with the previous if it can. */
  public void stream(JsonObject parent, String name, String text) {
    if (text.isEmpty()) {
      return;
    }
    synchronized (this) {
      waitForRoom();
      Pending last = queue.peekLast();
      if (last != null
          && last.text != null
          && last.parent == parent
          && last.streamName.equals(name)
          && last.text.length() + text.length() <= MAX_SEGMENT_CHARS) {
        last.text.append(text);
      } else {
        queue.addLast(
            new Pending("stream", parent, null, null, List.of(), name, new StringBuilder(text)));
        enqueuedCount++;
      }
      queuedChars += text.length();
      notifyAll();
    }
  }

  /**
   * Drops stream text queued for the cell whose header is {@code parent} and not yet sent, with a
   * note saying how much: after an interrupt, a flood of output would otherwise hold up the
   * messages that end the cell.
   */
  public synchronized void discardStreams(JsonObject parent) {
    long dropped = 0;
    String name = null;
    for (var it = queue.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.text != null && p.parent == parent) {
        dropped += p.text.length();
        queuedChars -= p.text.length();
        name = p.streamName;
        it.remove();
        enqueuedCount--;
      }
    }
    if (dropped > 0) {
      queue.addLast(
          new Pending(
              "stream",
              parent,
              null,
              null,
              List.of(),
              name,
              new StringBuilder(
                  "\n[" + dropped + " characters of output dropped after the interrupt]\n")));
      enqueuedCount++;
      notifyAll();
    }
  }

  /** Waits until everything queued before this call is on the socket, or the timeout passes. */
  public synchronized boolean drain(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    long target = enqueuedCount;
    while (sentCount < target && running) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  private synchronized void enqueue(Pending p) {
    queue.addLast(p);
    enqueuedCount++;
    notifyAll();
  }

  private void waitForRoom() {
    boolean interrupted = false;
    while (queuedChars > MAX_QUEUED_CHARS && running) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends what is queued until {@link #stop()}; then sends what is left and returns. */
  void run() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      synchronized (this) {
        while (queue.isEmpty() && running) {
          try {
            wait();
          } catch (InterruptedException e) {
            running = false;
          }
        }
        if (queue.isEmpty()) {
          return;
        }
        batch.addAll(queue);
        queue.clear();
      }
      for (Pending p : batch) {
        try {
          send(p);
        } catch (RuntimeException e) {
          LOG.warn("could not publish a {} message: {}", p.type, e.toString());
        }
      }
      synchronized (this) {
        sentCount += batch.size();
        for (Pending p : batch) {
          if (p.text != null) {
            queuedChars -= p.text.length();
          }
        }
        notifyAll();
      }
      batch.clear();
    }
  }

  /** Lets the publishing thread end once the queue is empty. */
  synchronized void stop() {
    running = false;
    notifyAll();
  }

  private void send(Pending p) {
    JsonElement content = p.content;
    if (p.text != null) {
      JsonObject c = new JsonObject();
      c.addProperty("name", p.streamName);
      c.addProperty("text", p.text.toString());
      content = c;
    }
    List<byte[]> topic =
        List.of(("kernel." + codec.session() + "." + p.type).getBytes(StandardCharsets.UTF_8));
    List<byte[]> frames =
        codec.encode(topic, codec.header(p.type), p.parent, p.metadata, content, p.buffers);
    if (!socket.send(frames.get(0), ZMQ.SNDMORE)) {
      // The subscribers have not read for the send timeout: drop rather than stall cells.
      LOG.warn("IOPub subscribers are not reading; dropped a {} message", p.type);
      return;
    }
    for (int i = 1; i < frames.size(); i++) {
      socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
    }
  }

  private static final class Pending {
    final String type;
    final JsonObject parent;
    final JsonElement content;
    final JsonObject metadata;
    final List<byte[]> buffers;
    final String streamName;
    final StringBuilder text;

    Pending(
        String type,
        JsonObject parent,
        JsonElement content,
        JsonObject metadata,
        List<byte[]> buffers,
        String streamName,
        StringBuilder text) {
      this.type = type;
      this.parent = parent;
      this.content = content;
      this.metadata = metadata;
      this.buffers = buffers;
      this.streamName = streamName;
      this.text = text;
    }
  }
}
