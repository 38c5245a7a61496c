package dev.nbfactory.registry;

import java.util.List;

/**
 * What differs between two runs. Each list holds only the keys whose values differ; a side that
 * lacks the key reads null.
 */
public record RunDiff(
    Run left,
    Run right,
    List<Change> parameters,
    List<Change> inputs,
    List<Change> outputs,
    List<Change> metrics) {

  /** One key with its value on each side. Inputs and outputs are keyed by artifact name. */
  public record Change(String key, String left, String right) {}

  public boolean isEmpty() {
    return parameters.isEmpty() && inputs.isEmpty() && outputs.isEmpty() && metrics.isEmpty();
  }
}
