package dev.nbfactory.kernel;

import dev.nbfactory.kernel.eval.CellException;
import dev.nbfactory.kernel.eval.JShellEvaluator;
import dev.nbfactory.kernel.magic.CellRewriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;

/**
 * Runs a cell's source: {@code %load}s expanded, cell hooks' rewrites, magics resolved, then JShell
 * under the cell time limit ({@code FACTORY_TIMEOUT}); and renders the value it ends with.
 */
final class CellRunner implements AutoCloseable {
  private final Supplier<JShellEvaluator> evaluator;
  private final CellHooks hooks;
  private final MagicParser magicParser;
  private final Renderer renderer;
  private final Duration timeout;
  private final ScheduledExecutorService timer;

  CellRunner(
      Supplier<JShellEvaluator> evaluator,
      CellHooks hooks,
      MagicParser magicParser,
      Renderer renderer,
      Duration timeout) {
    this.evaluator = evaluator;
    this.hooks = hooks;
    this.magicParser = magicParser;
    this.renderer = renderer;
    this.timeout = timeout;
    ThreadGroup group = Thread.currentThread().getThreadGroup();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(group, r, "kernel-timer");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code code} as cell {@code label}.
   *
   * @return the cell's value (possibly null), or {@code CellExecutionControl.NO_VALUE}
   */
  Object run(CellContext cell, String code, String label) throws CellException {
    JShellEvaluator ev;
    try {
      ev = evaluator.get();
    } catch (IllegalStateException e) {
      throw new CellException("KernelStartupError", e.getMessage(), List.of(e.getMessage()));
    }
    String java;
    try {
      java = magicParser.resolveMagics(hooks.rewrite(CellRewriter.expandLoads(code)));
    } catch (RuntimeException e) {
      throw new CellException(
          "MagicSyntaxError",
          String.valueOf(e.getMessage()),
          List.of(String.valueOf(e.getMessage())));
    }
    ScheduledFuture<?> limit = null;
    if (!timeout.isZero()) {
      long millis = timeout.toMillis();
      limit =
          timer.schedule(
              () -> {
                cell.markInterrupted();
                ev.interrupt(
                    "the cell ran longer than FACTORY_TIMEOUT (" + millis / 1000.0 + " s)");
              },
              millis,
              TimeUnit.MILLISECONDS);
    }
    try {
      return ev.eval(java, label, cell::isInterrupted);
    } finally {
      if (limit != null) {
        limit.cancel(false);
      }
    }
  }

  /** A cell's value as display data; a renderer's failure is the cell's error. */
  DisplayData render(Object value) throws CellException {
    if (value == null) {
      return new DisplayData("null");
    }
    try {
      return value instanceof DisplayData d ? d : renderer.render(value);
    } catch (RuntimeException e) {
      throw new CellException(
          "RenderException",
          "could not display the cell's value: " + e,
          List.of("could not display the cell's value:", Replies.stackTrace(e)));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
