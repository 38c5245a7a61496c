package dev.nbfactory.runner.execute;

import dev.nbfactory.runner.notebook.Cell;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Progress on stderr: one line rewritten in place on a terminal, plain lines otherwise, nothing
 * with {@code --no-progress}. A pipeline reads the plain lines back from a stage's log ({@link
 * #lastIn}) to show which cell the stage is at.
 */
public final class Progress {
  private static final String PREFIX = "Executing: ";

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
        PREFIX
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

  /**
   * The last progress line in a run's log, without its prefix ({@code 2/8 cells | Table t = ...}),
   * or empty when the log has none yet.
   */
  public static Optional<String> lastIn(Path log) {
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long from = Math.max(0, file.length() - 4096);
      byte[] tail = new byte[(int) (file.length() - from)];
      file.seek(from);
      file.readFully(tail);
      return new String(tail, StandardCharsets.UTF_8)
          .lines()
          .filter(l -> l.startsWith(PREFIX))
          .reduce((first, second) -> second)
          .map(l -> l.substring(PREFIX.length()));
    } catch (IOException e) {
      return Optional.empty(); // not written yet
    }
  }

  /** The cell's first line that says what it does: past imports, comments and blank lines. */
  private static String firstLine(String source) {
    List<String> lines = source.strip().lines().map(String::strip).toList();
    String line =
        lines.stream()
            .filter(l -> !l.isEmpty() && !l.startsWith("import ") && !l.startsWith("//"))
            .findFirst()
            .orElse(lines.isEmpty() ? "" : lines.get(0));
    return line.length() > 60 ? line.substring(0, 57) + "..." : line;
  }
}
