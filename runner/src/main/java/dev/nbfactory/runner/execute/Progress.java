package dev.nbfactory.runner.execute;

import dev.nbfactory.runner.notebook.Cell;
import java.io.PrintWriter;

/**
 * Progress on stderr: one line rewritten in place on a terminal, plain lines otherwise, nothing
 * with {@code --no-progress}.
 */
final class Progress {
  private final PrintWriter err;
  private final boolean enabled;
  private final boolean terminal;
  private final int total;

  Progress(PrintWriter err, Boolean requested, int total) {
    this.err = err;
    this.terminal = System.console() != null;
    this.enabled = requested == null ? terminal : requested;
    this.total = total;
  }

  /** Before a cell runs ({@code cell} null once all have run). */
  void cell(int done, Cell cell) {
    if (!enabled) {
      return;
    }
    String line =
        "Executing: "
            + done
            + "/"
            + total
            + " cells"
            + (cell == null ? "" : " | " + firstLine(cell.source()));
    if (terminal) {
      err.print("\r\033[K" + line);
    } else {
      err.println(line);
    }
    err.flush();
  }

  void end() {
    if (enabled && terminal) {
      err.println();
      err.flush();
    }
  }

  private static String firstLine(String source) {
    String line = source.strip().lines().findFirst().orElse("");
    return line.length() > 60 ? line.substring(0, 57) + "..." : line;
  }
}
