package dev.nbfactory.kernel;

import dev.nbfactory.kernel.eval.JShellEvaluator;
import dev.nbfactory.kernel.wire.IopubPublisher;
import java.util.function.Supplier;

/**
 * Stops the running cell: marks it interrupted (so that it fails even when JShell swallows the
 * stop), stops JShell, and drops the cell's output still waiting to be sent.
 */
final class CellInterrupter {
  private final OutputRouter router;
  private final Supplier<JShellEvaluator> started;
  private final IopubPublisher iopub;

  /**
   * @param started JShell once it has started, else null
   */
  CellInterrupter(OutputRouter router, Supplier<JShellEvaluator> started, IopubPublisher iopub) {
    this.router = router;
    this.started = started;
    this.iopub = iopub;
  }

  void interrupt() {
    CellContext cell = router.current();
    if (cell != null) {
      cell.markInterrupted();
    }
    JShellEvaluator ev = started.get();
    if (ev != null) {
      ev.interrupt("the cell was interrupted");
    }
    if (cell != null) {
      iopub.discardStreams(cell.parentHeader());
    }
  }
}
