package dev.nbfactory.web.ui;

import dev.nbfactory.registry.Alias;
import dev.nbfactory.registry.AliasChange;
import dev.nbfactory.registry.Artifact;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Each model with its aliases and the history of their moves with the reason for each; for the
 * version an alias points at, its offline evaluation (the metrics of the runs that made and read
 * it) beside its live figures, when a serving run answers with it.
 */
final class ModelsPage {
  private static final int HISTORY = 20;

  private final Registry registry;

  ModelsPage(Registry registry) {
    this.registry = registry;
  }

  void handle(Context ctx) {
    StringBuilder out = new StringBuilder(16384);
    List<Artifact> models = registry.artifacts(ArtifactKind.MODEL);
    if (models.isEmpty()) {
      out.append("<p class=\"none\">no models yet: a stage writes one with Factory.output</p>");
    }
    for (Artifact model : models) {
      out.append("<section class=\"model\"><h2><a href=\"")
          .append(Fmt.artifactHref(model.name()))
          .append("\">")
          .append(Html.text(model.name()))
          .append("</a> <small>")
          .append(model.versionCount())
          .append(model.versionCount() == 1 ? " version" : " versions")
          .append("</small></h2>");
      List<Alias> aliases = registry.aliases(model.name());
      if (aliases.isEmpty()) {
        out.append("<p class=\"none\">no aliases: the gate or 'factory alias set' gives one</p>");
      } else {
        out.append("<table class=\"grid\"><thead><tr><th>alias</th><th>version</th>")
            .append("<th>moved</th><th>offline</th><th>live</th></tr></thead><tbody>");
        for (Alias a : aliases) {
          ArtifactVersion v = registry.resolve(model.name() + "@" + a.version());
          List<Run> readers = registry.consumers(v.ref());
          out.append("<tr><td><span class=\"alias\">")
              .append(Html.text(a.alias()))
              .append("</span></td><td>")
              .append(Fmt.versionLink(v))
              .append("</td><td>")
              .append(Fmt.time(a.updatedAt()))
              .append(" by ")
              .append(Html.text(a.updatedBy()))
              .append("</td><td>")
              .append(offline(v, readers))
              .append("</td><td>")
              .append(live(readers))
              .append("</td></tr>");
        }
        out.append("</tbody></table>");
      }
      List<AliasChange> history = registry.aliasHistory(model.name(), null);
      if (!history.isEmpty()) {
        out.append("<details><summary>alias history</summary><table class=\"grid\"><thead><tr>")
            .append("<th>when</th><th>alias</th><th>from</th><th>to</th><th>by</th>")
            .append("<th>why</th></tr></thead><tbody>");
        int from = Math.max(0, history.size() - HISTORY);
        for (int i = history.size() - 1; i >= from; i--) {
          AliasChange c = history.get(i);
          out.append("<tr><td>")
              .append(Fmt.time(c.changedAt()))
              .append("</td><td>")
              .append(Html.text(c.alias()))
              .append("</td><td>")
              .append(c.fromVersion() == null ? "-" : "v" + c.fromVersion())
              .append("</td><td>")
              .append(c.toVersion() == null ? "removed" : "v" + c.toVersion())
              .append("</td><td>")
              .append(Html.text(c.changedBy()))
              .append("</td><td>")
              .append(Html.text(c.reason()))
              .append("</td></tr>");
        }
        out.append("</tbody></table></details>");
      }
      out.append("</section>");
    }
    ctx.html(Layout.page("Models", "Models", out.toString()));
  }

  /** The last values of the metrics the version's producer and its non-serving readers logged. */
  private String offline(ArtifactVersion v, List<Run> readers) {
    StringBuilder out = new StringBuilder();
    if (v.producerRunId() != null) {
      Run producer = registry.run(v.producerRunId());
      out.append(metrics(producer, registry.metrics(producer.id())));
    }
    for (Run reader : readers) {
      if (reader.kind() != RunKind.SERVING) {
        out.append(metrics(reader, registry.metrics(reader.id())));
      }
    }
    return out.length() == 0 ? "-" : out.toString();
  }

  /** The newest serving run that read the version: its latest live figures. */
  private String live(List<Run> readers) {
    Run newest = null;
    for (Run reader : readers) {
      if (reader.kind() == RunKind.SERVING
          && (newest == null || reader.startedAt().isAfter(newest.startedAt()))) {
        newest = reader;
      }
    }
    if (newest == null) {
      return "not served";
    }
    return metrics(newest, registry.metrics(newest.id()));
  }

  /** The figures a reader looks for first; the rest follow by name. */
  private static final List<String> FIRST =
      List.of("live_accuracy", "live_rmse", "psi_max", "live_outcomes", "accuracy", "rmse");

  private static int rank(Metric m) {
    int i = FIRST.indexOf(m.key());
    return i < 0 ? FIRST.size() : i;
  }

  private static String metrics(Run run, List<Metric> metrics) {
    Map<String, Metric> last = Metric.last(metrics);
    if (last.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("<div class=\"metric-set\">");
    out.append(Fmt.runLink(run)).append(' ').append(Html.text(run.stage())).append(": ");
    List<Metric> ordered = new ArrayList<>(last.values());
    ordered.sort(Comparator.comparingInt(ModelsPage::rank).thenComparing(Metric::key));
    int shown = 0;
    for (Metric m : ordered) {
      if (shown++ == 6) {
        out.append("…");
        break;
      }
      out.append("<span class=\"metric\">")
          .append(Html.text(m.key()))
          .append(" <b>")
          .append(Fmt.number(m.value()))
          .append("</b></span> ");
    }
    return out.append("</div>").toString();
  }
}
