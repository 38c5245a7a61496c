package dev.nbfactory.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Computes {@link RunDiff}s from two run records, and lines values up for {@link RunComparison}.
 */
final class RunDiffs {
  private RunDiffs() {}

  static RunDiff of(RunRecord left, RunRecord right) {
    return new RunDiff(
        left.run(),
        right.run(),
        changes(parameters(left.parameters()), parameters(right.parameters())),
        changes(versions(left.inputs()), versions(right.inputs())),
        changes(versions(left.outputs()), versions(right.outputs())),
        changes(metrics(left), metrics(right)));
  }

  /** Parameter values by name; a secret reads as its mask, so two secrets never differ. */
  static Map<String, String> parameters(List<Parameter> parameters) {
    Map<String, String> out = new LinkedHashMap<>();
    parameters.forEach(p -> out.put(p.name(), p.value()));
    return out;
  }

  private static Map<String, String> versions(List<ArtifactVersion> versions) {
    Map<String, String> out = new LinkedHashMap<>();
    versions.forEach(v -> out.put(v.name(), v.version() + " (" + v.shortHash() + ")"));
    return out;
  }

  /** The last value of each metric key: highest step, then the latest recorded. */
  private static Map<String, String> metrics(RunRecord record) {
    Map<String, String> out = new LinkedHashMap<>();
    Metric.last(record.metrics()).forEach((key, m) -> out.put(key, format(m.value())));
    return out;
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  /** Every key any side has, sorted, each with one value per side (null where a side lacks it). */
  static <T> Map<String, List<T>> aligned(List<Map<String, T>> sides) {
    TreeSet<String> keys = new TreeSet<>();
    sides.forEach(side -> keys.addAll(side.keySet()));
    Map<String, List<T>> out = new LinkedHashMap<>();
    for (String key : keys) {
      List<T> values = new ArrayList<>(sides.size());
      sides.forEach(side -> values.add(side.get(key)));
      out.put(key, values);
    }
    return out;
  }

  /** True when not every value equals the first; a missing value (null) differs from any other. */
  static boolean differs(List<?> values) {
    return values.stream().anyMatch(v -> !Objects.equals(v, values.get(0)));
  }

  private static List<RunDiff.Change> changes(Map<String, String> left, Map<String, String> right) {
    List<RunDiff.Change> out = new ArrayList<>();
    aligned(List.of(left, right))
        .forEach(
            (key, values) -> {
              if (differs(values)) {
                out.add(new RunDiff.Change(key, values.get(0), values.get(1)));
              }
            });
    return out;
  }
}
