package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Experiments.Experiment;
import dev.nbfactory.registry.Experiments.Member;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An experiment's members with their metrics, read with {@code latestMetrics} from the runs of
 * their stages (a later stage's value of a key wins over an earlier one's), and ranked by one.
 */
final class ExperimentRanking {
  private ExperimentRanking() {}

  /** A member and its metrics. */
  record Row(Member member, Map<String, Double> metrics) {
    Double metric(String key) {
      return metrics.get(key);
    }
  }

  /** How to rank: a metric and its direction; {@code METRIC:asc} asks for the lowest first. */
  record Order(String metric, boolean ascending) {
    static Order parse(String text, boolean ascending) {
      String metric = text;
      boolean asc = ascending;
      int colon = text.lastIndexOf(':');
      if (colon > 0) {
        String direction = text.substring(colon + 1).toLowerCase(Locale.ROOT);
        if (!direction.equals("asc") && !direction.equals("desc")) {
          throw new InvalidInputException(
              text + ": say METRIC, METRIC:asc (lowest is best) or METRIC:desc (highest is best)");
        }
        metric = text.substring(0, colon);
        asc = direction.equals("asc");
      }
      return new Order(metric, asc);
    }
  }

  static List<Row> rows(Registry registry, Experiment experiment) {
    Set<String> runIds = new LinkedHashSet<>();
    experiment.members().forEach(m -> runIds.addAll(m.runs().values()));
    Map<String, Map<String, Double>> latest = registry.queries().latestMetrics(runIds);
    List<Row> rows = new ArrayList<>();
    for (Member m : experiment.members()) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      m.runs().values().forEach(id -> metrics.putAll(latest.getOrDefault(id, Map.of())));
      rows.add(new Row(m, metrics));
    }
    return rows;
  }

  /** Ranked by {@code order}: members without the metric last, ties in member order. */
  static List<Row> ranked(List<Row> rows, Order order) {
    Comparator<Double> values =
        order.ascending() ? Comparator.<Double>naturalOrder() : Comparator.<Double>reverseOrder();
    return rows.stream()
        .sorted(
            Comparator.comparing((Row r) -> r.metric(order.metric()), Comparator.nullsLast(values))
                .thenComparingInt(r -> r.member().index()))
        .toList();
  }

  /** The best member by {@code order}: the first ranked that has the metric and succeeded. */
  static Optional<Row> best(List<Row> rows, Order order) {
    return ranked(rows, order).stream()
        .filter(r -> r.metric(order.metric()) != null)
        .filter(r -> "SUCCEEDED".equals(r.member().status()))
        .findFirst();
  }

  /**
   * The metrics worth a column: those that differ between members (the ones a grid moves), the
   * gate's own excluded, sorted; {@code first} leads when given.
   */
  static List<String> varyingMetrics(List<Row> rows, String first) {
    Set<String> keys = new TreeSet<>();
    rows.forEach(r -> keys.addAll(r.metrics().keySet()));
    List<String> out = new ArrayList<>();
    if (first != null) {
      out.add(first);
    }
    for (String key : keys) {
      if (key.startsWith("gate.") || out.contains(key)) {
        continue;
      }
      long distinct = rows.stream().map(r -> r.metric(key)).distinct().count();
      if (distinct > 1) {
        out.add(key);
      }
    }
    return out;
  }
}
