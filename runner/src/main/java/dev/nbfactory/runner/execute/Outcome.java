package dev.nbfactory.runner.execute;

/** How a headless run ended, and the {@link ExitCode} {@code factory run} gives for it. */
public enum Outcome {
  /** Every cell ran. */
  SUCCEEDED(ExitCode.SUCCEEDED),
  /** A cell raised an error, a magic failed, or a cell called System.exit. */
  FAILED(ExitCode.FAILED),
  /** A cell ran past --execution-timeout and was interrupted (or could not be stopped). */
  TIMED_OUT(ExitCode.TIMED_OUT),
  /** The kernel did not start within --start-timeout, or stopped answering. */
  KERNEL_DIED(ExitCode.KERNEL_DIED),
  /** The run was stopped by SIGTERM or SIGINT. */
  KILLED(ExitCode.KILLED);

  private final ExitCode exitCode;

  Outcome(ExitCode exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode.code();
  }
}
