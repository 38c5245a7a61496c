package dev.nbfactory.runner.pipeline;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The pipeline's progress for a terminal: a row per stage, redrawn in place four times a second,
 * showing what waits, what runs (for how long, and which cell) and how each stage ended. The block
 * is redrawn by moving the cursor up over it, so rows are cut to the terminal's width: a wrapped
 * row would throw the count off.
 */
public final class LiveProgress implements PipelineProgress {
  private static final long REDRAW_MILLIS = 250;

  private final PrintWriter out;
  private final Function<String, Optional<String>> activity;
  private final int width;
  private final Map<String, Row> rows = new LinkedHashMap<>();
  private final Thread ticker;
  private int drawn;
  private boolean closed;

  /** How a stage stands now: not started, running since {@code startNanos}, or ended. */
  private record Row(long startNanos, StageResult result) {
    static final Row WAITING = new Row(-1, null);
  }

  /**
   * @param stages the stages this run may start, in the order they are shown
   * @param activity what a running stage is doing, such as its current cell, when known
   * @param width the terminal's width in columns
   */
  public LiveProgress(
      PrintWriter out,
      List<String> stages,
      Function<String, Optional<String>> activity,
      int width) {
    this.out = out;
    this.activity = activity;
    this.width = Math.max(width, 20);
    stages.forEach(s -> rows.put(s, Row.WAITING));
    draw();
    ticker = new Thread(this::tick, "pipeline-progress");
    ticker.setDaemon(true);
    ticker.start();
  }

  @Override
  public synchronized void started(StageNotebook stage) {
    rows.put(stage.stage(), new Row(System.nanoTime(), null));
    draw();
  }

  @Override
  public synchronized void finished(StageResult result) {
    rows.put(result.stage(), new Row(-1, result));
    draw();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      draw();
    }
    ticker.interrupt();
  }

  private void tick() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(REDRAW_MILLIS);
        synchronized (this) {
          if (closed) {
            return;
          }
          draw();
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private void draw() {
    StringBuilder frame = new StringBuilder();
    if (drawn > 0) {
      frame.append("\033[").append(drawn).append('A');
    }
    int nameWidth = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
    rows.forEach(
        (stage, row) ->
            frame.append("\r\033[K").append(fit(render(stage, row, nameWidth))).append('\n'));
    drawn = rows.size();
    out.print(frame);
    out.flush();
  }

  private String render(String stage, Row row, int nameWidth) {
    if (row.result() != null) {
      return PipelineProgress.line(row.result());
    }
    String name = String.format("%-" + nameWidth + "s", stage);
    if (row.startNanos() < 0) {
      return "  · " + name + "  waiting";
    }
    double seconds = (System.nanoTime() - row.startNanos()) / 1e9;
    return String.format("  ▶ %s  %5.1f s", name, seconds)
        + activity.apply(stage).map(a -> "  " + a).orElse("  starting");
  }

  private String fit(String line) {
    return line.length() < width ? line : line.substring(0, width - 2) + "…";
  }
}
