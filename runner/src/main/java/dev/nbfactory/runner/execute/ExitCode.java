package dev.nbfactory.runner.execute;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The exit codes of {@code factory run}, in one place: the command returns them, its help lists
 * them, and the pipeline and the scheduler read a child's code back with them. Scripts tell the
 * cases apart by these numbers (the README has the same table).
 */
public enum ExitCode {
  SUCCEEDED(0, "every cell ran"),
  FAILED(1, "a cell raised an error, a magic failed, or a cell called System.exit"),
  USAGE(2, "bad command line, malformed notebook or bad parameter: nothing ran"),
  KERNEL_DIED(4, "the kernel did not start (within --start-timeout, or at all)"),
  FIRING_TAKEN(5, "this schedule firing already has a run: nothing ran"),
  TIMED_OUT(124, "a cell ran past --execution-timeout"),
  INTERRUPTED(130, "stopped by SIGINT; the notebook is saved as it stands"),
  KILLED(143, "stopped by SIGTERM; the notebook is saved as it stands");

  /** The JVM's own code for -XX:+ExitOnOutOfMemoryError: never one of ours. */
  public static final int OUT_OF_MEMORY = 3;

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /** The code {@code factory run} gave on its own, or empty for a JVM that died. */
  public static Optional<ExitCode> of(int code) {
    return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
  }

  /** For picocli's help: code, then meaning. */
  public static Map<String, String> helpList() {
    Map<String, String> out = new LinkedHashMap<>();
    for (ExitCode c : values()) {
      out.put(Integer.toString(c.code), c.meaning);
    }
    return out;
  }
}
