package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric key of a run: its last value (highest step, then latest recorded, as {@code factory
 * diff} compares) and how many values were recorded.
 */
record MetricSummary(String key, double last, long lastStep, int count) {

  /** Summaries in the order keys were first recorded. */
  static List<MetricSummary> of(List<Metric> metrics) {
    Map<String, Metric> last = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Metric m : metrics) {
      Metric seen = last.get(m.key());
      if (seen == null || m.step() >= seen.step()) {
        last.put(m.key(), m);
      }
      counts.merge(m.key(), 1, Integer::sum);
    }
    List<MetricSummary> out = new ArrayList<>();
    last.forEach((key, m) -> out.add(new MetricSummary(key, m.value(), m.step(), counts.get(key))));
    return out;
  }
}
