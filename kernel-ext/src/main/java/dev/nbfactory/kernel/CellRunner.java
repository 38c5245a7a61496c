package dev.nbfactory.kernel;

import dev.nbfactory.kernel.eval.CellException;
import dev.nbfactory.kernel.eval.CellExecutionControl;
import dev.nbfactory.kernel.eval.JShellEvaluator;
import dev.nbfactory.kernel.magic.CellRewriter;
import dev.nbfactory.kernel.magic.ResetMagic;
import java.time.Duration;
import java.util.ArrayList;
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
 * under the cell time limit ({@code FACTORY_TIMEOUT}), with a new JShell from each {@code %reset}
 * line on; and renders the value it ends with.
 */
final class CellRunner implements AutoCloseable {
  /** Replaces JShell by a new one in the kernel's start state. */
  interface Reset {
    void reset() throws CellException;
  }

  private final Supplier<JShellEvaluator> evaluator;
  private final Reset reset;
  private final CellHooks hooks;
  private final MagicParser magicParser;
  private final Renderer renderer;
  private final Duration timeout;
  private final ScheduledExecutorService timer;

  CellRunner(
      Supplier<JShellEvaluator> evaluator,
      Reset reset,
      CellHooks hooks,
      MagicParser magicParser,
      Renderer renderer,
      Duration timeout) {
    this.evaluator = evaluator;
    this.reset = reset;
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
    try {
      evaluator.get();
    } catch (IllegalStateException e) {
      throw new CellException("KernelStartupError", e.getMessage(), List.of(e.getMessage()));
    }
    List<ResetMagic.Part> parts = new ArrayList<>();
    try {
      for (ResetMagic.Part p : ResetMagic.split(hooks.rewrite(CellRewriter.expandLoads(code)))) {
        parts.add(
            p.reset() ? p : new ResetMagic.Part(magicParser.resolveMagics(p.code()), false, false));
      }
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
                evaluator
                    .get()
                    .interrupt(
                        "the cell ran longer than FACTORY_TIMEOUT (" + millis / 1000.0 + " s)");
              },
              millis,
              TimeUnit.MILLISECONDS);
    }
    try {
      Object value = CellExecutionControl.NO_VALUE;
      for (ResetMagic.Part p : parts) {
        if (p.reset()) {
          if (cell.isInterrupted()) {
            throw new CellException(
                "Interrupted",
                "the cell was interrupted",
                List.of("Interrupted: the cell was interrupted"));
          }
          reset.reset();
          value = CellExecutionControl.NO_VALUE;
          if (!p.quiet()) {
            System.out.println(ResetMagic.DONE);
          }
        } else if (!p.code().isBlank() || parts.size() == 1) {
          value = evaluator.get().eval(p.code(), label, cell::isInterrupted);
        }
      }
      return value;
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
