package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code factory runs}: the runs recorded, newest first, filtered and sorted. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List runs, newest first.")
final class RunsCommand extends RegistryCommand {
  /** How many metric keys fit in the table; the rest are in 'factory show'. */
  private static final int METRICS_SHOWN = 3;

  private static final String METRIC_PREFIX = "metric:";

  @Option(names = "--stage", paramLabel = "STAGE", description = "Only runs of this stage.")
  private String stage;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      converter = Converters.Status.class,
      description =
          "Only runs with this status: running, succeeded, failed, killed, timed_out, lost.")
  private RunStatus status;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      converter = Converters.Kind.class,
      description = "Only runs started this way: interactive, headless, scheduled.")
  private RunKind kind;

  @Option(
      names = "--sort",
      paramLabel = "KEY",
      description =
          "Order by started (default), ended, stage, status, kind, duration, or metric:KEY (each"
              + " run's latest value of the metric; runs without it last).")
  private String sort = "started";

  @Option(names = "--asc", description = "Ascending order (default is descending).")
  private boolean ascending;

  @Option(names = "--desc", description = "Descending order (the default).")
  private boolean descending;

  @Option(
      names = "--param",
      paramLabel = "NAME=VALUE",
      description = "Only runs with this parameter value (repeatable; all must hold).")
  private List<String> params = new ArrayList<>();

  @Option(
      names = "--tag",
      paramLabel = "KEY[=VALUE]",
      description = "Only runs with this tag, or this tag value (repeatable; all must hold).")
  private List<String> tags = new ArrayList<>();

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Show at most N runs (default ${DEFAULT-VALUE}; 0 for all).")
  private int limit = 50;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  @Option(
      names = "--plot",
      paramLabel = "METRIC",
      description = "Draw METRIC across the runs of --stage (oldest first, failed runs marked).")
  private String plot;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "With --plot: the chart's file, .png or .svg.")
  private java.nio.file.Path output;

  private int plot(Registry registry) throws java.io.IOException {
    List<dev.nbfactory.magics.MetricHistory.Point> points =
        dev.nbfactory.magics.MetricHistory.points(registry, stage, plot);
    org.knowm.xchart.XYChart chart =
        dev.nbfactory.magics.MetricHistory.chart(registry, stage, plot);
    java.nio.file.Path file = context.outputPath(output, "--output");
    dev.nbfactory.runner.notebook.AtomicFiles.checkWritable(file, "--output");
    byte[] bytes =
        file.toString().endsWith(".svg")
            ? dev.nbfactory.magics.codec.ChartCodec.svg(chart)
            : dev.nbfactory.magics.codec.ChartCodec.png(chart);
    if (file.getParent() != null) {
      java.nio.file.Files.createDirectories(file.getParent());
    }
    try {
      java.nio.file.Files.write(file, bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write --output " + file, e);
    }
    long failed = points.stream().filter(dev.nbfactory.magics.MetricHistory.Point::failed).count();
    context.out().printf("wrote %s: %s (%d failed)%n", output, chart.getTitle(), failed);
    return 0;
  }

  RunsCommand(CliContext context) {
    super(context);
  }

  @Override
  void validate() {
    if (ascending && descending) {
      throw usageError("--asc and --desc contradict each other: give one");
    }
    if (!sort.startsWith(METRIC_PREFIX)) {
      try {
        RunQuery.Sort.parse(sort);
      } catch (InvalidInputException e) {
        throw usageError("--sort: " + e.getMessage() + ", or metric:KEY");
      }
    } else if (sort.length() == METRIC_PREFIX.length()) {
      throw usageError("--sort metric:KEY needs the metric's name, such as metric:accuracy");
    }
    for (String p : params) {
      if (p.indexOf('=') < 1) {
        throw usageError("--param takes NAME=VALUE, not '" + p + "'");
      }
    }
    if (limit < 0) {
      throw usageError("--limit must be 0 (no limit) or more, not " + limit);
    }
    if (plot != null && (stage == null || output == null)) {
      throw usageError("--plot needs --stage STAGE and --output FILE.png (or .svg)");
    }
    if (plot != null
        && !output.toString().endsWith(".png")
        && !output.toString().endsWith(".svg")) {
      throw usageError("--output must end with .png or .svg, not " + output);
    }
  }

  @Override
  int run(Registry registry) throws java.io.IOException {
    if (plot != null) {
      return plot(registry);
    }
    RunQuery query = RunQuery.all().withStage(stage).withStatus(status).withKind(kind);
    for (String p : params) {
      int eq = p.indexOf('=');
      query = query.withParameter(p.substring(0, eq), p.substring(eq + 1));
    }
    for (String t : tags) {
      int eq = t.indexOf('=');
      query =
          eq < 0 ? query.withTag(t, null) : query.withTag(t.substring(0, eq), t.substring(eq + 1));
    }
    query =
        sort.startsWith(METRIC_PREFIX)
            ? query.sortedByMetric(sort.substring(METRIC_PREFIX.length()), ascending)
            : query.sortedBy(RunQuery.Sort.parse(sort), ascending);
    query = query.limit(limit);
    List<Run> runs = registry.runs(query);
    Instant now = context.clock().instant();
    if (json) {
      ArrayNode array = JsonOutput.array();
      for (Run run : runs) {
        ObjectNode node = JsonOutput.run(run, now);
        ObjectNode metrics = node.putObject("metrics");
        MetricSummary.of(registry.metrics(run.id()))
            .forEach(m -> JsonOutput.putNumber(metrics, m.key(), m.last()));
        array.add(node);
      }
      JsonOutput.print(context.out(), array);
      return 0;
    }
    if (runs.isEmpty()) {
      context.out().println("no runs" + (filtered() ? " match" : " yet"));
      return 0;
    }
    TextTable table =
        TextTable.withHeaders("RUN", "STAGE", "STATUS", "KIND", "STARTED", "DURATION", "METRICS")
            .alignRight("DURATION");
    for (Run run : runs) {
      table.add(
          run.shortId(),
          run.stage(),
          run.status(),
          Format.lower(run.kind()),
          Format.ago(run.startedAt(), now),
          Format.duration(run.duration(now)),
          metrics(registry, run, sortMetric()));
    }
    table.print(context.out());
    if (limit > 0 && runs.size() == limit) {
      context.err().println("(the first " + limit + " runs; --limit 0 shows all)");
    }
    return 0;
  }

  private boolean filtered() {
    return stage != null || status != null || kind != null || !params.isEmpty() || !tags.isEmpty();
  }

  /** The metric the runs are sorted by, or null. */
  private String sortMetric() {
    return sort.startsWith(METRIC_PREFIX) ? sort.substring(METRIC_PREFIX.length()) : null;
  }

  /** The first metrics of a run; the one sorted by comes first. */
  private static String metrics(Registry registry, Run run, String first) {
    List<MetricSummary> metrics = new ArrayList<>(MetricSummary.of(registry.metrics(run.id())));
    metrics.sort(Comparator.comparing((MetricSummary m) -> !m.key().equals(first)));
    if (metrics.isEmpty()) {
      return "";
    }
    String shown =
        metrics.stream()
            .limit(METRICS_SHOWN)
            .map(m -> m.key() + "=" + Format.shortNumber(m.last()))
            .collect(Collectors.joining(" "));
    return metrics.size() > METRICS_SHOWN
        ? shown + " (+" + (metrics.size() - METRICS_SHOWN) + ")"
        : shown;
  }
}
