package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.lineage.Texts;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/** {@code %runs [STAGE] [--last N] [--plot METRIC]}: the latest runs as a table, or a chart. */
public final class RunsMagic implements FactoryMagic {
  static final int DEFAULT_LAST = 20;
  static final List<String> HEADER =
      List.of("id", "stage", "status", "start", "duration", "parameters", "metrics");

  private final Supplier<FactorySession> session;

  public RunsMagic(Supplier<FactorySession> session) {
    this.session = session;
  }

  @Override
  public String name() {
    return "runs";
  }

  @Override
  public String usage() {
    return "%runs [STAGE] [--last N] [--plot METRIC]";
  }

  @Override
  public String help() {
    return "Shows the latest runs (of STAGE, or all), newest first: id, stage, status, start,"
        + " duration, parameters and last metric values. N defaults to "
        + DEFAULT_LAST
        + ". With --plot METRIC (and STAGE): a line chart of the metric across the stage's runs,"
        + " oldest first, failed runs marked with red crosses.";
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs parsed = MagicArgs.parse(this, args, Set.of("last", "plot"), Set.of()).expect(0, 1);
    if (parsed.option("plot") != null) {
      if (parsed.positional().isEmpty()) {
        throw parsed.error("--plot needs a STAGE");
      }
      return plot(parsed.positional().get(0), parsed.option("plot"));
    }
    int last = parsed.intOption("last", DEFAULT_LAST);
    if (last < 1) {
      throw parsed.error("--last must be 1 or more");
    }
    RunQuery query = RunQuery.all().limit(last);
    if (!parsed.positional().isEmpty()) {
      query = query.withStage(parsed.positional().get(0));
    }
    Registry registry = session.get().registry();
    List<Run> runs = registry.runs(query);
    Instant now = registry.clock().instant();
    List<List<String>> rows = new ArrayList<>();
    for (Run run : runs) {
      rows.add(
          List.of(
              run.shortId(),
              run.stage(),
              run.status().name(),
              run.startedAt().truncatedTo(ChronoUnit.SECONDS).toString(),
              duration(run.duration(now)),
              parameters(registry.parameters(run.id())),
              metrics(registry.metrics(run.id()))));
    }
    if (rows.isEmpty()) {
      String none =
          parsed.positional().isEmpty()
              ? "no runs yet"
              : "no runs of stage '" + parsed.positional().get(0) + "'";
      return MimeBundle.html("<p>" + Html.escape(none) + "</p>", none);
    }
    return MimeBundle.html(Html.table(HEADER, rows), Html.text(HEADER, rows));
  }

  private Object plot(String stage, String metric) {
    org.knowm.xchart.XYChart chart =
        dev.nbfactory.magics.MetricHistory.chart(session.get().registry(), stage, metric);
    byte[] png;
    try {
      png = dev.nbfactory.magics.codec.ChartCodec.png(chart);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String title = chart.getTitle();
    return MimeBundle.html(
        "<img alt=\""
            + Html.escape(title)
            + "\" src=\"data:image/png;base64,"
            + java.util.Base64.getEncoder().encodeToString(png)
            + "\"/>",
        title);
  }

  static String duration(Duration d) {
    return Texts.duration(d); // as the command line writes it
  }

  private static String parameters(List<Parameter> parameters) {
    List<String> lines = new ArrayList<>();
    parameters.forEach(p -> lines.add(p.name() + "=" + p.value()));
    return String.join("\n", lines);
  }

  /** The last value of each key ({@link Metric#last}). */
  private static String metrics(List<Metric> metrics) {
    List<String> lines = new ArrayList<>();
    Metric.last(metrics)
        .values()
        .forEach(m -> lines.add(m.key() + "=" + String.format(Locale.ROOT, "%.4g", m.value())));
    return String.join("\n", lines);
  }
}
