package dev.nbfactory.web.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.CheckResult;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunRecord;
import dev.nbfactory.registry.RunStatus;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run: its fields, parameters (secrets masked, as stored), inputs and outputs, metrics, data
 * checks, environment and tags, and the executed notebook. While it runs, the page follows it.
 */
final class RunPage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Registry registry;

  RunPage(Registry registry) {
    this.registry = registry;
  }

  void handle(Context ctx) {
    RunRecord record = registry.record(ctx.pathParam("id"));
    Run run = record.run();
    Instant now = registry.clock().instant();
    StringBuilder out = new StringBuilder(8192);
    boolean running = run.status() == RunStatus.RUNNING;
    out.append("<section class=\"run\"")
        .append(
            running
                ? " data-live=\"" + Fmt.runHref(run.id()) + "/live\" data-status=\"running\""
                : "")
        .append('>');
    out.append("<table class=\"fields\"><tbody>");
    field(out, "run", Html.text(run.id()));
    field(
        out,
        "stage",
        "<a href=\"/runs?stage=" + Html.url(run.stage()) + "\">" + Html.text(run.stage()) + "</a>");
    field(out, "status", Fmt.status(run.status()));
    if (running) {
      String progress = record.tags().get(Run.PROGRESS_TAG);
      field(
          out,
          "progress",
          "<span class=\"progress\">"
              + Html.text(progress == null ? "starting" : progress)
              + "</span>");
    }
    field(out, "kind", Fmt.lower(run.kind()));
    field(out, "started", Fmt.time(run.startedAt()));
    field(out, "ended", Fmt.time(run.endedAt()));
    field(out, "duration", Fmt.duration(run.duration(now)));
    if (run.schedule() != null) {
      field(
          out,
          "schedule",
          "<a href=\"/schedules/"
              + Html.url(run.schedule())
              + "\">"
              + Html.text(run.schedule())
              + "</a>"
              + (run.nominalTime() == null ? "" : " due " + Fmt.time(run.nominalTime())));
    }
    if (record.parent() != null) {
      field(
          out,
          "part of",
          Fmt.runLink(record.parent()) + " (" + Html.text(record.parent().stage()) + ")");
    }
    field(out, "notebook", Html.text(run.notebookPath()));
    out.append("</tbody></table>");
    if (run.error() != null) {
      out.append("<pre class=\"run-error\">").append(Html.text(run.error())).append("</pre>");
    }

    section(out, "Parameters");
    if (record.parameters().isEmpty()) {
      out.append("<p class=\"none\">none</p>");
    } else {
      out.append(
          "<table class=\"grid\"><thead><tr><th>name</th><th>value</th></tr></thead><tbody>");
      for (Parameter p : record.parameters()) {
        out.append("<tr><td>")
            .append(Html.text(p.name()))
            .append("</td><td")
            .append(p.secret() ? " class=\"secret\"" : "")
            .append('>')
            .append(Html.text(p.value()))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
    }
    section(out, "Inputs");
    versions(out, record.inputs());
    section(out, "Outputs");
    versions(out, record.outputs());
    section(out, "Metrics");
    metrics(out, run, record.metrics());
    if (!record.checks().isEmpty()) {
      section(out, "Data checks");
      checks(out, record.checks());
    }
    section(out, "Environment");
    out.append("<table class=\"fields\"><tbody>");
    field(out, "java", Html.text(run.javaVersion()));
    field(out, "git commit", Html.text(run.gitCommit()));
    field(out, "code", Html.text(run.notebookHash()));
    field(out, "host", Html.text(run.host()));
    field(out, "user", Html.text(run.user()));
    field(
        out,
        "class path",
        "<details><summary>"
            + run.classpath().size()
            + " entries</summary><pre>"
            + Html.text(String.join("\n", run.classpath()))
            + "</pre></details>");
    out.append("</tbody></table>");
    if (!record.tags().isEmpty()) {
      section(out, "Tags");
      out.append("<table class=\"fields\"><tbody>");
      record.tags().forEach((k, v) -> field(out, Html.text(k), Html.text(v)));
      out.append("</tbody></table>");
    }
    section(out, "Notebook");
    notebook(out, run, record.outputs());
    out.append("</section>");
    ctx.html(Layout.page("Run " + run.shortId() + " · " + run.stage(), "Runs", out.toString()));
  }

  /** What a running run's page polls: its status and how far it has got. */
  void live(Context ctx) {
    Run run = registry.run(ctx.pathParam("id"));
    Map<String, String> tags = registry.queries().runTags(List.of(run.id())).get(run.id());
    ObjectNode out = JSON.createObjectNode();
    out.put("status", Fmt.lower(run.status()));
    out.put("progress", tags.get(Run.PROGRESS_TAG));
    ctx.contentType("application/json").result(out.toString());
  }

  private void notebook(StringBuilder out, Run run, List<ArtifactVersion> outputs) {
    ArtifactVersion executed =
        outputs.stream().filter(v -> v.kind() == ArtifactKind.NOTEBOOK).findFirst().orElse(null);
    if (executed == null) {
      out.append("<p class=\"none\">")
          .append(
              run.status() == RunStatus.RUNNING
                  ? "the executed notebook is stored when the run ends"
                  : "no executed notebook was stored: interactive runs keep theirs in Jupyter")
          .append("</p>");
      return;
    }
    out.append("<p>")
        .append(Fmt.versionLink(executed))
        .append(" · <a href=\"/download?name=")
        .append(Html.url(executed.name()))
        .append("&amp;version=")
        .append(executed.version())
        .append("\">download</a></p>");
    out.append(NotebookHtml.render(registry.store().read(executed.contentHash())));
  }

  private static void metrics(StringBuilder out, Run run, List<Metric> metrics) {
    if (metrics.isEmpty()) {
      out.append("<p class=\"none\">none</p>");
      return;
    }
    out.append(
        "<table class=\"grid\"><thead><tr><th>metric</th><th>value</th><th>steps</th></tr></thead><tbody>");
    Map<String, Metric> last = Metric.last(metrics);
    for (Metric m : last.values()) {
      long steps = metrics.stream().filter(x -> x.key().equals(m.key())).count();
      out.append("<tr><td><a href=\"/metrics?stage=")
          .append(Html.url(run.stage()))
          .append("&amp;metric=")
          .append(Html.url(m.key()))
          .append("\">")
          .append(Html.text(m.key()))
          .append("</a></td><td class=\"num\">")
          .append(Fmt.number(m.value()))
          .append("</td><td class=\"num\">")
          .append(steps)
          .append("</td></tr>");
    }
    out.append("</tbody></table>");
  }

  private static void checks(StringBuilder out, List<CheckResult> checks) {
    out.append(
        "<table class=\"grid\"><thead><tr><th>check</th><th>severity</th><th>result</th>"
            + "<th>expected</th><th>observed</th></tr></thead><tbody>");
    for (CheckResult c : checks) {
      out.append("<tr")
          .append(c.passed() ? "" : " class=\"failed\"")
          .append("><td>")
          .append(Html.text(c.name()))
          .append("</td><td>")
          .append(Fmt.lower(c.severity()))
          .append("</td><td>")
          .append(c.passed() ? "passed" : "failed")
          .append("</td><td>")
          .append(Html.text(c.expected()))
          .append("</td><td>")
          .append(Html.text(c.observed()))
          .append("</td></tr>");
    }
    out.append("</tbody></table>");
  }

  static void versions(StringBuilder out, List<ArtifactVersion> versions) {
    if (versions.isEmpty()) {
      out.append("<p class=\"none\">none</p>");
      return;
    }
    out.append(
        "<table class=\"grid\"><thead><tr><th>version</th><th>kind</th><th>size</th>"
            + "<th>hash</th><th></th></tr></thead><tbody>");
    for (ArtifactVersion v : versions) {
      out.append("<tr><td>")
          .append(Fmt.versionLink(v))
          .append("</td><td>")
          .append(Fmt.lower(v.kind()))
          .append("</td><td class=\"num\">")
          .append(Fmt.size(v.size()))
          .append("</td><td><code>")
          .append(Html.text(v.shortHash()))
          .append("</code></td><td><a href=\"")
          .append(Fmt.lineageHref(v.ref()))
          .append("\">lineage</a></td></tr>");
    }
    out.append("</tbody></table>");
  }

  static void field(StringBuilder out, String name, String html) {
    out.append("<tr><th>").append(name).append("</th><td>").append(html).append("</td></tr>");
  }

  static void section(StringBuilder out, String title) {
    out.append("<h2>").append(title).append("</h2>");
  }
}
