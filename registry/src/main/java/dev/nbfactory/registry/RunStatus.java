package dev.nbfactory.registry;

/** Where a run stands. Only {@link #RUNNING} is not final. */
public enum RunStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  KILLED,
  TIMED_OUT,
  /** The process running it vanished without a word: no heartbeat within the timeout. */
  LOST;

  public boolean isFinal() {
    return this != RUNNING;
  }

  /** Parses a status name in any case; a clear error names the accepted values. */
  public static RunStatus parse(String text) {
    return Enums.parse(RunStatus.class, text, "run status");
  }
}
