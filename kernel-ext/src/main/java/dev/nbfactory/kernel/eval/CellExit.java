package dev.nbfactory.kernel.eval;

/**
 * What {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} become in cell code (see
 * {@link ExitCallRewriter}): instead of ending the kernel's JVM they end the cell with {@link
 * Requested}, which the kernel reports as an error.
 */
public final class CellExit {
  private CellExit() {}

  /** Replaces {@code System.exit(status)}. */
  public static void exit(int status) {
    throw new Requested("System.exit", status);
  }

  /** Replaces {@code runtime.exit(status)}. */
  public static void exit(Runtime runtime, int status) {
    throw new Requested("Runtime.exit", status);
  }

  /** Replaces {@code runtime.halt(status)}. */
  public static void halt(Runtime runtime, int status) {
    throw new Requested("Runtime.halt", status);
  }

  /**
   * Thrown where cell code asked the JVM to exit. An {@link Error}, so that {@code catch (Exception
   * e)} in the cell does not swallow it.
   */
  public static final class Requested extends Error {
    private static final long serialVersionUID = 1L;
    private final int status;

    Requested(String call, int status) {
      super(call + "(" + status + ") was called in the cell");
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
