package dev.nbfactory.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Computes {@link RunDiff}s from two run records. */
final class RunDiffs {
  private RunDiffs() {}

  static RunDiff of(RunRecord left, RunRecord right) {
    return new RunDiff(
        left.run(),
        right.run(),
        changes(parameters(left), parameters(right)),
        changes(versions(left.inputs()), versions(right.inputs())),
        changes(versions(left.outputs()), versions(right.outputs())),
        changes(metrics(left), metrics(right)));
  }

  private static Map<String, String> parameters(RunRecord record) {
    Map<String, String> out = new LinkedHashMap<>();
    record.parameters().forEach(p -> out.put(p.name(), p.value()));
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

  private static List<RunDiff.Change> changes(Map<String, String> left, Map<String, String> right) {
    List<RunDiff.Change> out = new ArrayList<>();
    TreeSet<String> keys = new TreeSet<>(left.keySet());
    keys.addAll(right.keySet());
    for (String key : keys) {
      String l = left.get(key);
      String r = right.get(key);
      if (!Objects.equals(l, r)) {
        out.add(new RunDiff.Change(key, l, r));
      }
    }
    return out;
  }
}
