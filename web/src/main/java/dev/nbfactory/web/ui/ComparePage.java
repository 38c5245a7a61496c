package dev.nbfactory.web.ui;

import dev.nbfactory.magics.magic.ParallelCoordinates;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunComparison;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * 2 to 20 runs side by side: by default only the parameters and metrics that differ, highlighted,
 * and a parallel-coordinates chart of the numeric ones.
 */
final class ComparePage {
  private final Registry registry;

  ComparePage(Registry registry) {
    this.registry = registry;
  }

  void handle(Context ctx) {
    List<String> asked = new ArrayList<>();
    for (String r : ctx.queryParams("run")) {
      for (String part : r.split(",")) {
        if (!part.isBlank()) {
          asked.add(part.strip());
        }
      }
    }
    boolean all = "1".equals(ctx.queryParam("all"));
    RunComparison whole = registry.queries().compare(asked);
    RunComparison shown = all ? whole : whole.differing();
    StringBuilder out = new StringBuilder(16384);
    String runsParam = "run=" + Html.url(String.join(",", asked));
    out.append("<p class=\"hint\">")
        .append(
            all
                ? "every parameter and metric · <a href=\"/compare?"
                    + runsParam
                    + "\">only what differs</a>"
                : "only what differs · <a href=\"/compare?"
                    + runsParam
                    + "&amp;all=1\">show all</a>")
        .append("</p><div class=\"scroll\"><table class=\"grid compare\"><thead><tr><th></th>");
    for (Run run : whole.runs()) {
      out.append("<th>")
          .append(Fmt.runLink(run))
          .append("<br>")
          .append(Html.text(run.stage()))
          .append("<br>")
          .append(Fmt.status(run.status()))
          .append("</th>");
    }
    out.append("</tr></thead><tbody>");
    group(out, "parameters", shown.parameters(), whole.runs().size(), false);
    group(out, "metrics", shown.metrics(), whole.runs().size(), true);
    out.append("</tbody></table></div>");
    String chart = ParallelCoordinates.svg(whole);
    if (!chart.isEmpty()) {
      RunPage.section(out, "Parallel coordinates");
      out.append(chart);
    }
    ctx.html(Layout.page("Compare " + whole.runs().size() + " runs", "Metrics", out.toString()));
  }

  private static <T> void group(
      StringBuilder out, String title, List<RunComparison.Row<T>> rows, int runs, boolean numbers) {
    out.append("<tr class=\"group\"><th colspan=\"")
        .append(runs + 1)
        .append("\">")
        .append(title)
        .append(rows.isEmpty() ? " (none differ)" : "")
        .append("</th></tr>");
    for (RunComparison.Row<T> row : rows) {
      out.append("<tr><th>").append(Html.text(row.name())).append("</th>");
      for (T value : row.values()) {
        out.append("<td class=\"")
            .append(numbers ? "num" : "")
            .append(row.differs() ? " differs" : "")
            .append("\">")
            .append(value == null ? "-" : numbers ? Fmt.number((Double) value) : Html.text(value))
            .append("</td>");
      }
      out.append("</tr>");
    }
  }
}
