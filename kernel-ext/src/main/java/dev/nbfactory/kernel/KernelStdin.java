package dev.nbfactory.kernel;

import dev.nbfactory.kernel.wire.IopubPublisher;
import dev.nbfactory.kernel.wire.StdinClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code System.in} for cells: each line is asked of the client with an {@code input_request}, when
 * the running cell's client allows it. Otherwise reading fails at once with a clear message rather
 * than waiting forever.
 */
final class KernelStdin extends InputStream {
  private final OutputRouter router;
  private final StdinClient client;
  private final IopubPublisher iopub;
  private byte[] buffer = new byte[0];
  private int position;

  KernelStdin(OutputRouter router, StdinClient client, IopubPublisher iopub) {
    this.router = router;
    this.client = client;
    this.iopub = iopub;
  }

  @Override
  public synchronized int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, buffer.length - position);
    System.arraycopy(buffer, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return buffer.length - position;
  }

  private boolean fill() throws IOException {
    if (position < buffer.length) {
      return true;
    }
    CellContext cell = router.current();
    if (cell == null) {
      return false; // no cell runs: a background thread sees the end of input
    }
    if (!cell.allowStdin()) {
      throw new IOException(
          "stdin is not available: this client does not answer input requests"
              + " (allow_stdin is false)");
    }
    router.stdout().flush();
    router.stderr().flush();
    try {
      iopub.drain(1, TimeUnit.SECONDS); // show a prompt the cell printed before asking
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    String line =
        client.readLine(cell.request(), "", false, () -> cell.isFinished() || cell.isInterrupted());
    buffer = (line + "\n").getBytes(StandardCharsets.UTF_8);
    position = 0;
    return true;
  }
}
