package dev.nbfactory.kernel;

import dev.nbfactory.kernel.eval.CellException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link CellHook}s extensions added, told of each cell in the order they were added. */
final class CellHooks {
  private static final Logger LOG = LoggerFactory.getLogger(CellHooks.class);

  private final List<CellHook> hooks = new CopyOnWriteArrayList<>();

  void add(CellHook hook) {
    hooks.add(hook);
  }

  /** The source after every hook rewrote it, each seeing the previous one's result. */
  String rewrite(String source) {
    String out = source;
    for (CellHook hook : hooks) {
      out = hook.rewrite(out);
    }
    return out;
  }

  void cellFinished(int executionCount, CellException error) {
    for (CellHook hook : hooks) {
      hook.cellFinished(executionCount, error);
    }
  }

  /** Tells every hook the kernel stops; one that fails does not keep the others from hearing. */
  void shutdown() {
    for (CellHook hook : hooks) {
      try {
        hook.shutdown();
      } catch (RuntimeException e) {
        LOG.warn("a cell hook failed at shutdown", e);
      }
    }
  }
}
