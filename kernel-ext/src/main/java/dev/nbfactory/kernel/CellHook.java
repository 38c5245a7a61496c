package dev.nbfactory.kernel;

import dev.nbfactory.kernel.eval.CellException;

/**
 * What an extension may do around cells in this kernel (a stock JJava kernel has no such hook): see
 * and change a cell's source before its magics are resolved, hear how each cell ended, and clean up
 * when the kernel stops.
 */
public interface CellHook {
  /** The source to run instead of {@code source}; the same string to change nothing. */
  default String rewrite(String source) {
    return source;
  }

  /**
   * After each executed cell.
   *
   * @param error what the cell failed with, or null when it succeeded
   */
  default void cellFinished(int executionCount, CellException error) {}

  /** The kernel is shutting down or restarting. */
  default void shutdown() {}
}
