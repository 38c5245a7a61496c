package dev.nbfactory.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Static helpers for cells, imported by default next to jjava-jupyter's {@code BaseNotebookStatics}
 * ({@code display}, {@code render}, {@code updateDisplay}).
 */
public final class Notebook {
  private Notebook() {}

  /** Clears the output of the running cell now. */
  public static void clearOutput() {
    clearOutput(false);
  }

  /**
   * Clears the output of the running cell.
   *
   * @param wait clear only when new output arrives, which avoids flicker in animations
   */
  public static void clearOutput(boolean wait) {
    KernelHost.of(BaseKernel.notebookKernel())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "clearOutput needs the " + FactoryKernel.DISPLAY_NAME + " kernel"))
        .clearOutput(wait);
  }
}
