package dev.nbfactory.web.ui;

import dev.nbfactory.magics.MetricHistory;
import dev.nbfactory.magics.codec.ChartCodec;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Stage;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * A metric across a stage's runs, as {@code %runs --plot} draws it (failed runs marked), with the
 * runs beneath it to pick 2 to 20 of for comparison.
 */
final class MetricsPage {
  /** The newest runs listed under the chart. */
  static final int ROWS = 200;

  /** The newest runs charted. */
  static final int CHARTED = 1000;

  private final Registry registry;

  MetricsPage(Registry registry) {
    this.registry = registry;
  }

  void handle(Context ctx) {
    String stage = ctx.queryParam("stage");
    String metric = ctx.queryParam("metric");
    StringBuilder out = new StringBuilder(16384);
    out.append("<form class=\"pick\" method=\"get\" action=\"/metrics\"><label>stage <select")
        .append(" name=\"stage\">");
    for (Stage s : registry.stages()) {
      out.append("<option")
          .append(s.name().equals(stage) ? " selected" : "")
          .append(" value=\"")
          .append(Html.text(s.name()))
          .append("\">")
          .append(Html.text(s.name()))
          .append("</option>");
    }
    out.append("</select></label>");
    List<String> keys =
        stage == null || stage.isBlank() ? List.of() : registry.queries().metricKeys(stage);
    if (stage != null && !stage.isBlank()) {
      out.append(" <label>metric <select name=\"metric\">");
      for (String key : keys) {
        out.append("<option")
            .append(key.equals(metric) ? " selected" : "")
            .append(" value=\"")
            .append(Html.text(key))
            .append("\">")
            .append(Html.text(key))
            .append("</option>");
      }
      out.append("</select></label>");
    }
    out.append(" <button type=\"submit\">show</button></form>");
    if (stage == null || stage.isBlank() || metric == null || !keys.contains(metric)) {
      // a metric of another stage (the picker kept it when the stage changed) asks again
      out.append("<p class=\"none\">pick a stage, then one of its metrics</p>");
      ctx.html(Layout.page("Metrics", "Metrics", out.toString()));
      return;
    }
    // a chart of more runs than this is a blur, and slow to draw and send
    List<MetricHistory.Point> points;
    try {
      points = MetricHistory.points(registry, stage, metric, CHARTED);
    } catch (InvalidInputException e) {
      out.append("<p class=\"none\">").append(Html.text(e.getMessage())).append("</p>");
      ctx.html(Layout.page("Metrics", "Metrics", out.toString()));
      return;
    }
    int all = points.get(points.size() - 1).number();
    byte[] chart;
    try {
      chart = ChartCodec.svg(MetricHistory.chart(registry, stage, metric, points));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.append("<img class=\"chart\" alt=\"")
        .append(Html.text(metric + " across the runs of " + stage))
        .append("\" src=\"data:image/svg+xml;base64,")
        .append(Base64.getEncoder().encodeToString(chart))
        .append("\">");
    out.append("<form method=\"get\" action=\"/compare\"><p>Tick 2 to 20 runs, then ")
        .append("<button type=\"submit\">compare</button></p>")
        .append("<table class=\"grid\"><thead><tr><th></th><th>#</th><th>run</th><th>status</th>")
        .append("<th>started</th><th>")
        .append(Html.text(metric))
        .append("</th></tr></thead><tbody>");
    int oldestShown = Math.max(0, points.size() - ROWS);
    for (int i = points.size() - 1; i >= oldestShown; i--) {
      MetricHistory.Point p = points.get(i);
      out.append("<tr")
          .append(p.failed() ? " class=\"failed\"" : "")
          .append("><td><input type=\"checkbox\" name=\"run\" value=\"")
          .append(Html.text(p.run().id()))
          .append("\"></td><td class=\"num\">")
          .append(p.number())
          .append("</td><td>")
          .append(Fmt.runLink(p.run()))
          .append("</td><td>")
          .append(Fmt.status(p.run().status()))
          .append("</td><td>")
          .append(Fmt.time(p.run().startedAt()))
          .append("</td><td class=\"num\">")
          .append(p.value().map(Fmt::number).orElse("-"))
          .append("</td></tr>");
    }
    out.append("</tbody></table></form>");
    if (oldestShown > 0) {
      out.append("<p class=\"none\">the newest ")
          .append(ROWS)
          .append(" of ")
          .append(all)
          .append(" runs")
          .append(all > CHARTED ? ", and the newest " + CHARTED + " in the chart" : "")
          .append("; <a href=\"/runs?stage=")
          .append(Html.url(stage))
          .append("&amp;sort=metric:")
          .append(Html.url(metric))
          .append("\">the runs page</a> pages through them all</p>");
    }
    ctx.html(Layout.page(metric + " · " + stage, "Metrics", out.toString()));
  }
}
