package dev.nbfactory.web.ui;

import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs table: stage, status, kind, start, duration and the chosen parameters and metrics as
 * columns; sorted by any of the fixed columns or a metric, filtered by stage, status, kind, tag and
 * parameter, paged. The table refreshes itself while the page is open.
 */
final class RunsPage {
  static final int PAGE = 50;
  private static final int DEFAULT_COLUMNS = 3;

  private final Registry registry;

  RunsPage(Registry registry) {
    this.registry = registry;
  }

  void handle(Context ctx) {
    RunsView view = RunsView.of(ctx, registry);
    RunQuery query = view.query();
    long total = registry.countRuns(query);
    long pages = Math.max(1, (total + PAGE - 1) / PAGE);
    if (view.page() > pages) {
      view = view.onPage((int) pages); // past the end: the last page
    }
    List<Run> runs = registry.runs(query.limit(PAGE).offset((view.page() - 1) * PAGE));
    List<String> ids = runs.stream().map(Run::id).toList();
    Map<String, Map<String, Double>> metrics =
        view.metrics().isEmpty() ? Map.of() : registry.queries().latestMetrics(ids);
    Map<String, List<Parameter>> params =
        view.params().isEmpty() ? Map.of() : registry.queries().parameters(ids);
    Instant now = registry.clock().instant();

    StringBuilder out = new StringBuilder(32768);
    filters(out, view);
    out.append("<div class=\"runs\" data-refresh=\"")
        .append(Html.text(view.href(Map.of())))
        .append("\"><p class=\"pager\">")
        .append(total)
        .append(total == 1 ? " run" : " runs");
    pager(out, view, total);
    out.append("</p><table class=\"grid runs-table\"><thead><tr>");
    header(out, view, "run", null);
    header(out, view, "stage", "stage");
    header(out, view, "status", "status");
    header(out, view, "kind", "kind");
    header(out, view, "started", "started");
    header(out, view, "duration", "duration");
    for (String p : view.params()) {
      header(out, view, p, null);
    }
    for (String m : view.metrics()) {
      header(out, view, m, "metric:" + m);
    }
    out.append("</tr></thead><tbody>");
    for (Run run : runs) {
      out.append("<tr")
          .append(Fmt.failed(run.status()) ? " class=\"failed\"" : "")
          .append("><td>")
          .append(Fmt.runLink(run))
          .append("</td><td>")
          .append(Html.text(run.stage()))
          .append("</td><td>")
          .append(Fmt.status(run.status()))
          .append("</td><td>")
          .append(Fmt.lower(run.kind()))
          .append("</td><td>")
          .append(Fmt.time(run.startedAt()))
          .append("</td><td class=\"num\">")
          .append(Fmt.duration(run.duration(now)))
          .append("</td>");
      Map<String, String> values = new LinkedHashMap<>();
      for (Parameter p : params.getOrDefault(run.id(), List.of())) {
        values.put(p.name(), p.value());
      }
      for (String p : view.params()) {
        out.append("<td>").append(Html.text(values.get(p))).append("</td>");
      }
      Map<String, Double> m = metrics.getOrDefault(run.id(), Map.of());
      for (String key : view.metrics()) {
        out.append("<td class=\"num\">").append(Fmt.number(m.get(key))).append("</td>");
      }
      out.append("</tr>");
    }
    out.append("</tbody></table></div>");
    ctx.html(Layout.page("Runs", "Runs", out.toString()));
  }

  private void filters(StringBuilder out, RunsView view) {
    out.append("<form class=\"filters\" method=\"get\" action=\"/runs\">")
        .append("<label>stage <input name=\"stage\" list=\"stages\" value=\"")
        .append(Html.text(view.stage()))
        .append(
            "\"></label> <label>status <select name=\"status\"><option value=\"\">any</option>");
    for (RunStatus s : RunStatus.values()) {
      option(out, Fmt.lower(s), Fmt.lower(s).equals(view.status()));
    }
    out.append(
        "</select></label> <label>kind <select name=\"kind\"><option value=\"\">any</option>");
    for (RunKind k : RunKind.values()) {
      option(out, Fmt.lower(k), Fmt.lower(k).equals(view.kind()));
    }
    out.append(
            "</select></label> <label>tag <input name=\"tag\" placeholder=\"key=value\" value=\"")
        .append(Html.text(view.tag()))
        .append("\"></label> <label>parameter <input name=\"param\" placeholder=\"name=value\"")
        .append(" value=\"")
        .append(Html.text(view.param()))
        .append("\"></label> <label>metric columns <input name=\"metrics\" value=\"")
        .append(Html.text(String.join(",", view.metrics())))
        .append("\"></label> <label>parameter columns <input name=\"params\" value=\"")
        .append(Html.text(String.join(",", view.params())))
        .append("\"></label> <input type=\"hidden\" name=\"sort\" value=\"")
        .append(Html.text(view.sort()))
        .append("\"><input type=\"hidden\" name=\"dir\" value=\"")
        .append(view.ascending() ? "asc" : "desc")
        .append("\"> <button type=\"submit\">show</button></form><datalist id=\"stages\">");
    registry
        .stages()
        .forEach(s -> out.append("<option value=\"").append(Html.text(s.name())).append("\">"));
    out.append("</datalist>");
  }

  private static void header(StringBuilder out, RunsView view, String label, String sortKey) {
    boolean sorted = sortKey != null && sortKey.equals(view.sort());
    out.append("<th")
        .append(sorted ? view.ascending() ? " class=\"sorted asc\"" : " class=\"sorted\"" : "")
        .append('>');
    if (sortKey == null) {
      out.append(Html.text(label));
    } else {
      // a second click on the sorted column turns the order round
      String dir = sorted && !view.ascending() ? "asc" : "desc";
      out.append("<a href=\"")
          .append(Html.text(view.href(Map.of("sort", sortKey, "dir", dir, "page", "1"))))
          .append("\">")
          .append(Html.text(label))
          .append("</a>");
    }
    out.append("</th>");
  }

  private static void pager(StringBuilder out, RunsView view, long total) {
    long pages = Math.max(1, (total + PAGE - 1) / PAGE);
    out.append(" · page ").append(view.page()).append(" of ").append(pages);
    if (view.page() > 1) {
      out.append(" · <a rel=\"prev\" href=\"")
          .append(Html.text(view.href(Map.of("page", String.valueOf(view.page() - 1)))))
          .append("\">newer</a>");
    }
    if (view.page() < pages) {
      out.append(" · <a rel=\"next\" href=\"")
          .append(Html.text(view.href(Map.of("page", String.valueOf(view.page() + 1)))))
          .append("\">older</a>");
    }
  }

  private static void option(StringBuilder out, String value, boolean selected) {
    out.append("<option")
        .append(selected ? " selected" : "")
        .append(" value=\"")
        .append(value)
        .append("\">")
        .append(value.replace('_', ' '))
        .append("</option>");
  }

  /** What the address asks for: filters, order, page and columns. */
  record RunsView(
      String stage,
      String status,
      String kind,
      String tag,
      String param,
      String sort,
      boolean ascending,
      int page,
      List<String> metrics,
      List<String> params) {

    static RunsView of(Context ctx, Registry registry) {
      String stage = blankToNull(ctx.queryParam("stage"));
      String metricsParam = ctx.queryParam("metrics");
      String paramsParam = ctx.queryParam("params");
      List<String> metrics =
          metricsParam != null
              ? split(metricsParam)
              : registry.queries().metricKeys(stage).stream()
                  .filter(k -> !k.contains(".") || stage != null)
                  .limit(DEFAULT_COLUMNS)
                  .toList();
      List<String> params =
          paramsParam != null
              ? split(paramsParam)
              : stage == null
                  ? List.of()
                  : registry.queries().parameterNames(stage).stream()
                      .limit(DEFAULT_COLUMNS)
                      .toList();
      int page;
      try {
        String given = ctx.queryParam("page");
        // the last page clamps it later; this bound keeps the offset an int
        page =
            given == null || given.isBlank()
                ? 1
                : Math.max(1, Math.min(Integer.parseInt(given), Integer.MAX_VALUE / PAGE));
      } catch (NumberFormatException e) {
        throw new InvalidInputException("page must be a number");
      }
      String sort = ctx.queryParam("sort");
      return new RunsView(
          stage,
          blankToNull(ctx.queryParam("status")),
          blankToNull(ctx.queryParam("kind")),
          blankToNull(ctx.queryParam("tag")),
          blankToNull(ctx.queryParam("param")),
          sort == null || sort.isBlank() ? "started" : sort,
          "asc".equals(ctx.queryParam("dir")),
          page,
          metrics,
          params);
    }

    RunQuery query() {
      RunQuery q = RunQuery.all();
      if (stage != null) {
        q = q.withStage(stage);
      }
      if (status != null) {
        q = q.withStatus(RunStatus.parse(status));
      }
      if (kind != null) {
        q = q.withKind(RunKind.parse(kind));
      }
      if (tag != null) {
        int eq = tag.indexOf('=');
        q = eq < 0 ? q.withTag(tag, null) : q.withTag(tag.substring(0, eq), tag.substring(eq + 1));
      }
      if (param != null) {
        int eq = param.indexOf('=');
        if (eq < 1) {
          throw new InvalidInputException("filter parameters as name=value, not '" + param + "'");
        }
        q = q.withParameter(param.substring(0, eq), param.substring(eq + 1));
      }
      if (sort.startsWith("metric:")) {
        return q.sortedByMetric(sort.substring("metric:".length()), ascending);
      }
      return q.sortedBy(RunQuery.Sort.parse(sort), ascending);
    }

    RunsView onPage(int value) {
      return new RunsView(stage, status, kind, tag, param, sort, ascending, value, metrics, params);
    }

    /** This view's address with some parameters replaced. */
    String href(Map<String, String> changes) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("stage", stage);
      p.put("status", status);
      p.put("kind", kind);
      p.put("tag", tag);
      p.put("param", param);
      p.put("sort", sort);
      p.put("dir", ascending ? "asc" : "desc");
      p.put("page", String.valueOf(page));
      p.put("metrics", String.join(",", metrics));
      p.put("params", String.join(",", params));
      p.putAll(changes);
      List<String> parts = new ArrayList<>();
      p.forEach(
          (k, v) -> {
            if (v != null) {
              parts.add(k + "=" + Html.url(v));
            }
          });
      return "/runs?" + String.join("&", parts);
    }

    private static List<String> split(String text) {
      return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }
}
