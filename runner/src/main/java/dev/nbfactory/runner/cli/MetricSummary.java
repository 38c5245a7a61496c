package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric key of a run: its last value ({@link Metric#last}) and how many values were recorded.
 */
record MetricSummary(String key, double last, long lastStep, int count) {

  /** Summaries in the order keys were first recorded. */
  static List<MetricSummary> of(List<Metric> metrics) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    metrics.forEach(m -> counts.merge(m.key(), 1, Integer::sum));
    List<MetricSummary> out = new ArrayList<>();
    Metric.last(metrics)
        .forEach((key, m) -> out.add(new MetricSummary(key, m.value(), m.step(), counts.get(key))));
    return out;
  }
}
