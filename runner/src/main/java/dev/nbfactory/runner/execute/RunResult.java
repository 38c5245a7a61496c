package dev.nbfactory.runner.execute;

import java.util.List;

/**
 * How a run ended; for a failure, which cell (index in the output notebook, and its execution
 * count) and what it raised.
 */
public record RunResult(
    Outcome outcome,
    int failedCell,
    Integer executionCount,
    String ename,
    String evalue,
    List<String> traceback,
    double durationSeconds) {

  /**
   * The traceback as plain text, without the ANSI colour codes a kernel puts in it; empty when it
   * only repeats {@code ename: evalue}, as for an error whose message says it all (a failed data
   * check, a dependency not found), which every caller prints already.
   */
  public List<String> plainTraceback() {
    List<String> plain =
        traceback.stream().map(line -> line.replaceAll("\u001B\\[[0-9;]*[A-Za-z]", "")).toList();
    return plain.equals(List.of(ename + ": " + evalue)) ? List.of() : plain;
  }

  static RunResult succeeded(double duration) {
    return new RunResult(Outcome.SUCCEEDED, -1, null, null, null, List.of(), duration);
  }
}
