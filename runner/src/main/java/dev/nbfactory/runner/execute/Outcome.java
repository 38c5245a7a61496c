package dev.nbfactory.runner.execute;

/**
 * How a headless run ended, and the exit code {@code factory run} gives for it. The codes are
 * documented in the README; scripts and schedulers tell the cases apart by them.
 */
public enum Outcome {
  /** Every cell ran. */
  SUCCEEDED(0),
  /** A cell raised an error, a magic failed, or a cell called System.exit. */
  FAILED(1),
  /** A cell ran past --execution-timeout and was interrupted (or could not be stopped). */
  TIMED_OUT(124),
  /** The kernel did not start within --start-timeout, or stopped answering. */
  KERNEL_DIED(4),
  /** The run was stopped by SIGTERM or SIGINT. */
  KILLED(143);

  private final int exitCode;

  Outcome(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
