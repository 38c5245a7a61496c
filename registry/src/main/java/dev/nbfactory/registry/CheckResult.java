package dev.nbfactory.registry;

/**
 * One data check a run made, as recorded: what it checked ({@code name}, such as {@code
 * noMissing(diagnosis)}), what it expected and what it observed in words, and whether it passed. A
 * failed {@link Severity#ERROR} check fails the run; a failed {@link Severity#WARN} check only
 * shows.
 *
 * @param expected what would pass, such as {@code none}; may be null
 * @param observed what the data held, stated concretely, such as {@code 3 missing of 569}; may be
 *     null
 */
public record CheckResult(
    String name, Severity severity, boolean passed, String expected, String observed) {

  /** What a failure of the check does to the run. */
  public enum Severity {
    /** A failure fails the run. */
    ERROR,
    /** A failure is reported, and the run goes on. */
    WARN
  }

  public CheckResult {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("a data check's name is empty");
    }
    if (severity == null) {
      throw new InvalidInputException("data check '" + name + "' has no severity");
    }
  }

  /** True for a failed ERROR check: one that fails the run. */
  public boolean failsRun() {
    return !passed && severity == Severity.ERROR;
  }

  /** {@code passed}, {@code FAILED}, or {@code warning} for a failed WARN check. */
  public String outcome() {
    if (passed) {
      return "passed";
    }
    return severity == Severity.ERROR ? "FAILED" : "warning";
  }
}
