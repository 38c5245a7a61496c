package dev.nbfactory.kernel;

import com.google.gson.JsonElement;
import dev.nbfactory.kernel.wire.IopubPublisher;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Sends what cells print, and what they display, to the right cell. While a cell runs, all output
 * goes to it. Between cells, a thread started by a cell writes to that cell; any other output goes
 * to the cell that ran last, and before any cell has run, to the kernel's own stdout and stderr.
 * Output is never dropped because a cell has ended.
 *
 * <p>{@link #stdout()} and {@link #stderr()} are installed as {@code System.out} and {@code
 * System.err} for the life of the kernel, so output through a {@code PrintStream} a cell kept is
 * routed too.
 */
final class OutputRouter {
  private final IopubPublisher iopub;
  private final Map<ThreadGroup, CellContext> origins =
      Collections.synchronizedMap(new WeakHashMap<>());
  private final RoutedStream out;
  private final RoutedStream err;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private volatile CellContext current;
  private volatile CellContext last;

  OutputRouter(IopubPublisher iopub, PrintStream fallbackOut, PrintStream fallbackErr) {
    this.iopub = iopub;
    this.out = new RoutedStream("stdout", fallbackOut);
    this.err = new RoutedStream("stderr", fallbackErr);
    this.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    this.stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
  }

  PrintStream stdout() {
    return stdout;
  }

  PrintStream stderr() {
    return stderr;
  }

  /** The cell that now receives output from the calling thread, or null. */
  CellContext target() {
    CellContext c = current;
    if (c != null) {
      return c;
    }
    for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
      CellContext origin = origins.get(g);
      if (origin != null) {
        return origin;
      }
    }
    return last;
  }

  /** The running cell, or null. */
  CellContext current() {
    return current;
  }

  /** Remembers that threads of {@code snippetThread}'s group belong to the running cell. */
  void bindThread(Thread snippetThread) {
    CellContext c = current;
    if (c != null) {
      synchronized (origins) {
        // JDK 17's JShell makes a thread group per snippet and its parent group keeps them all,
        // so the weak keys never go: forget groups with no thread left (each held its cell's
        // request). A thread started later in such a group writes to the last cell.
        origins.keySet().removeIf(g -> g.activeCount() == 0 && g.activeGroupCount() == 0);
        origins.put(snippetThread.getThreadGroup(), c);
      }
    }
  }

  void begin(CellContext cell) {
    current = cell;
  }

  /** Ends {@code cell}: flushes what it printed; later stray output goes to it. */
  void end(CellContext cell) {
    stdout.flush();
    stderr.flush();
    out.flushDecoder();
    err.flushDecoder();
    current = null;
    last = cell;
    cell.finish();
  }

  /** Publishes {@code type} (display_data, clear_output...) to the calling thread's cell. */
  boolean publish(String type, JsonElement content) {
    CellContext c = target();
    if (c == null) {
      return false;
    }
    stdout.flush();
    stderr.flush();
    iopub.publish(type, c.parentHeader(), content);
    return true;
  }

  /** Publishes to a given cell. */
  void publish(CellContext cell, String type, JsonElement content) {
    iopub.publish(type, cell.parentHeader(), content);
  }

  private final class RoutedStream extends OutputStream {
    private final String name;
    private final PrintStream fallback;
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private ByteBuffer leftover = ByteBuffer.allocate(0);

    RoutedStream(String name, PrintStream fallback) {
      this.name = name;
      this.fallback = fallback;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      CellContext target = target();
      if (target == null) {
        fallback.write(b, off, len);
        return;
      }
      ByteBuffer in;
      if (leftover.hasRemaining()) {
        in = ByteBuffer.allocate(leftover.remaining() + len);
        in.put(leftover).put(b, off, len).flip();
      } else {
        in = ByteBuffer.wrap(b, off, len);
      }
      StringBuilder text = new StringBuilder(len);
      while (true) {
        chars.clear();
        boolean overflow = decoder.decode(in, chars, false).isOverflow();
        chars.flip();
        text.append(chars);
        if (!overflow) {
          break;
        }
      }
      leftover = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip() : in;
      iopub.stream(target.parentHeader(), name, text.toString());
    }

    /** Emits a trailing incomplete character, if any, as a replacement character. */
    synchronized void flushDecoder() {
      if (!leftover.hasRemaining()) {
        decoder.reset();
        return;
      }
      chars.clear();
      decoder.decode(leftover, chars, true);
      decoder.flush(chars);
      chars.flip();
      decoder.reset();
      leftover = ByteBuffer.allocate(0);
      CellContext target = target();
      if (target != null && chars.hasRemaining()) {
        iopub.stream(target.parentHeader(), name, chars.toString());
      }
    }
  }
}
