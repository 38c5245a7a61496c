package dev.nbfactory.runner.pipeline;

/** How one stage of a pipeline run ended, and why, in words for the user. */
public record StageResult(String stage, State state, String detail, double seconds) {

  /** Where a stage ended up. */
  public enum State {
    SUCCEEDED,
    FAILED,
    /** Up to date: same notebook, parameters and input versions as its last successful run. */
    SKIPPED,
    /** Not run because a stage it reads from failed. */
    BLOCKED
  }
}
