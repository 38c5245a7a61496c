package dev.nbfactory.runner.pipeline;

import java.io.PrintWriter;

/**
 * What a pipeline run shows while it goes. {@link #lines} writes one line per event, for logs and
 * pipes; {@link LiveProgress} redraws a block with a row per stage, for a person at a terminal.
 */
public interface PipelineProgress extends AutoCloseable {

  /** A stage's JVM is starting. */
  void started(StageNotebook stage);

  /** A stage ran, failed, was up to date or was not run. */
  void finished(StageResult result);

  /** The run is over: the last state stays on the screen. */
  @Override
  void close();

  /** One line per event, as {@code ▶ ingest started (01-ingest.ipynb)}. */
  static PipelineProgress lines(PrintWriter out) {
    return new PipelineProgress() {
      @Override
      public void started(StageNotebook stage) {
        print("  ▶ " + stage.stage() + " started (" + stage.path().getFileName() + ")");
      }

      @Override
      public void finished(StageResult r) {
        print(line(r));
      }

      @Override
      public void close() {
        out.flush();
      }

      private void print(String line) {
        synchronized (out) {
          out.println(line);
          out.flush();
        }
      }
    };
  }

  /** A finished stage in words, with its mark: ✓ succeeded, ✗ failed, = up to date, - not run. */
  static String line(StageResult r) {
    return switch (r.state()) {
      case SUCCEEDED -> "  ✓ " + r.stage() + String.format(" succeeded in %.1f s", r.seconds());
      case FAILED -> "  ✗ " + r.stage() + " failed: " + r.detail();
      case SKIPPED -> "  = " + r.stage() + " up to date (" + r.detail() + ")";
      case BLOCKED -> "  - " + r.stage() + " " + r.detail();
    };
  }
}
