package dev.nbfactory.magics;

import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.NotFoundException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One metric of a stage across its runs, oldest first, as a line chart: what {@code %runs STAGE
 * --plot METRIC} and {@code factory runs --stage S --plot METRIC} draw. A run's value is the
 * metric's value at its last step. Runs that did not succeed are marked with red crosses, at their
 * value if they recorded one, else on the chart's floor.
 */
public final class MetricHistory {
  /** One run: its number (1 for the oldest), the run, and its value if it recorded the metric. */
  public record Point(int number, Run run, Optional<Double> value) {
    public boolean failed() {
      return run.status() != RunStatus.SUCCEEDED && run.status() != RunStatus.RUNNING;
    }
  }

  private MetricHistory() {}

  /** Every run of {@code stage}, oldest first; fails when none recorded {@code metric}. */
  public static List<Point> points(Registry registry, String stage, String metric) {
    return points(registry, stage, metric, 0);
  }

  /**
   * The newest {@code newest} runs of {@code stage} (all of them when 0), oldest first, numbered
   * among all its runs; fails when none recorded {@code metric}.
   */
  public static List<Point> points(Registry registry, String stage, String metric, int newest) {
    RunQuery ofStage = RunQuery.all().withStage(stage);
    List<Run> runs =
        new ArrayList<>(
            registry.runs(ofStage.sortedBy(RunQuery.Sort.STARTED, false).limit(newest)));
    if (runs.isEmpty()) {
      throw new NotFoundException("no runs of stage '" + stage + "'");
    }
    Collections.reverse(runs);
    long before = newest > 0 ? registry.countRuns(ofStage) - runs.size() : 0;
    // each run's latest value, as Metric.last picks it, read for all runs at once
    Map<String, Map<String, Double>> latest =
        registry.queries().latestMetrics(runs.stream().map(Run::id).toList());
    List<Point> points = new ArrayList<>();
    for (Run run : runs) {
      Optional<Double> value = Optional.ofNullable(latest.get(run.id()).get(metric));
      points.add(new Point((int) before + points.size() + 1, run, value));
    }
    if (points.stream().allMatch(p -> p.value().isEmpty())) {
      throw new InvalidInputException(
          "no run of stage '" + stage + "' recorded metric '" + metric + "'");
    }
    return points;
  }

  /**
   * The chart of {@link #points}; or, for serving runs (whose live figures are recorded at many
   * steps), each run's steps over time, in minutes since the first.
   */
  public static XYChart chart(Registry registry, String stage, String metric) {
    return chart(registry, stage, metric, points(registry, stage, metric));
  }

  /** The chart of {@code points}, already read with {@link #points}. */
  public static XYChart chart(Registry registry, String stage, String metric, List<Point> points) {
    if (points.stream().allMatch(p -> p.run().kind() == RunKind.SERVING)) {
      return overTime(stage, metric, steps(registry, points, metric));
    }
    XYChart chart =
        new XYChartBuilder()
            .width(720)
            .height(400)
            .title(metric + " of stage " + stage + " across " + points.size() + " runs")
            .xAxisTitle("run (oldest first)")
            .yAxisTitle(metric)
            .build();
    chart.getStyler().setDecimalPattern("#0.####");
    // Runs are whole numbers: no tick labels between them.
    chart
        .getStyler()
        .setxAxisTickLabelsFormattingFunction(
            x -> x == Math.rint(x) ? String.valueOf(x.longValue()) : "");
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    double floor = Double.POSITIVE_INFINITY;
    for (Point p : points) {
      if (p.value().isPresent()) {
        floor = Math.min(floor, p.value().get());
        if (!p.failed()) {
          x.add((double) p.number());
          y.add(p.value().get());
        }
      }
    }
    if (!x.isEmpty()) {
      chart.addSeries(metric, x, y).setMarker(SeriesMarkers.CIRCLE);
    }
    List<Double> fx = new ArrayList<>();
    List<Double> fy = new ArrayList<>();
    for (Point p : points) {
      if (p.failed()) {
        fx.add((double) p.number());
        fy.add(p.value().orElse(floor));
      }
    }
    if (!fx.isEmpty()) {
      XYSeries failed = chart.addSeries("failed runs", fx, fy);
      failed.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      failed.setMarker(SeriesMarkers.CROSS).setMarkerColor(Color.RED);
    }
    return chart;
  }

  private static Map<Run, List<Metric>> steps(
      Registry registry, List<Point> points, String metric) {
    Map<Run, List<Metric>> steps = new LinkedHashMap<>();
    for (Point p : points) {
      List<Metric> values =
          registry.metrics(p.run().id()).stream().filter(m -> m.key().equals(metric)).toList();
      if (!values.isEmpty()) {
        steps.put(p.run(), values);
      }
    }
    return steps;
  }

  private static XYChart overTime(String stage, String metric, Map<Run, List<Metric>> steps) {
    XYChart chart =
        new XYChartBuilder()
            .width(720)
            .height(400)
            .title(metric + " of stage " + stage + " over time, " + steps.size() + " runs")
            .xAxisTitle("minutes since the first value")
            .yAxisTitle(metric)
            .build();
    chart.getStyler().setDecimalPattern("#0.####");
    long first =
        steps.values().stream()
            .flatMap(List::stream)
            .mapToLong(m -> m.timestamp().toEpochMilli())
            .min()
            .orElse(0);
    steps.forEach(
        (run, values) -> {
          List<Double> x = new ArrayList<>();
          List<Double> y = new ArrayList<>();
          for (Metric m : values) {
            x.add((m.timestamp().toEpochMilli() - first) / 60_000.0);
            y.add(m.value());
          }
          chart.addSeries("run " + run.shortId(), x, y).setMarker(SeriesMarkers.CIRCLE);
        });
    return chart;
  }
}
