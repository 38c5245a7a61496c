package dev.nbfactory.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Several runs side by side, in the order they were asked for: one row per parameter name and per
 * metric key any of them has, each with one value per run. A run without the name reads null; a
 * metric's value is the run's latest (highest step, then the last recorded). Secret parameters read
 * as {@link Secrets#MASK}.
 */
public record RunComparison(
    List<Run> runs, List<Row<String>> parameters, List<Row<Double>> metrics) {

  /** One name with a value per run, in the order of {@link #runs}, and whether they differ. */
  public record Row<T>(String name, List<T> values, boolean differs) {
    public Row {
      values = Collections.unmodifiableList(new ArrayList<>(values)); // may hold nulls
    }
  }

  public RunComparison {
    runs = List.copyOf(runs);
    parameters = List.copyOf(parameters);
    metrics = List.copyOf(metrics);
  }

  /** The same runs with only the rows whose values differ. */
  public RunComparison differing() {
    return new RunComparison(
        runs,
        parameters.stream().filter(Row::differs).toList(),
        metrics.stream().filter(Row::differs).toList());
  }

  static RunComparison of(
      List<Run> runs,
      Map<String, List<Parameter>> parameters,
      Map<String, Map<String, Double>> metrics) {
    List<Map<String, String>> parameterSides = new ArrayList<>();
    List<Map<String, Double>> metricSides = new ArrayList<>();
    for (Run run : runs) {
      parameterSides.add(RunDiffs.parameters(parameters.getOrDefault(run.id(), List.of())));
      metricSides.add(metrics.getOrDefault(run.id(), Map.of()));
    }
    return new RunComparison(runs, rows(parameterSides), rows(metricSides));
  }

  private static <T> List<Row<T>> rows(List<Map<String, T>> sides) {
    List<Row<T>> out = new ArrayList<>();
    RunDiffs.aligned(sides)
        .forEach((name, values) -> out.add(new Row<>(name, values, RunDiffs.differs(values))));
    return out;
  }
}
