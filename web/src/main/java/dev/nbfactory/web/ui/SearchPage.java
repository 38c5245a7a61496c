package dev.nbfactory.web.ui;

import dev.nbfactory.registry.Artifact;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.Stage;
import io.javalin.http.Context;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One box for everything: a run id or its prefix, a stage, an artifact, a {@code name@version} or
 * {@code name@alias}. A single exact hit opens its page.
 */
final class SearchPage {
  private static final Pattern RUN_PREFIX = Pattern.compile("[0-9a-f]{4,32}");
  private static final int LIMIT = 25;

  private final Registry registry;

  SearchPage(Registry registry) {
    this.registry = registry;
  }

  void handle(Context ctx) {
    String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
    StringBuilder out = new StringBuilder(4096);
    if (q.isEmpty()) {
      out.append("<p class=\"none\">type a run id, a stage, an artifact or name@version</p>");
      ctx.html(Layout.page("Search", "", out.toString()));
      return;
    }
    if (q.contains("@")) {
      try {
        ArtifactVersion v = registry.resolve(q);
        ctx.redirect(Fmt.versionHref(v.name(), v.version()).replace("&amp;", "&"));
        return;
      } catch (FactoryException e) {
        out.append("<p class=\"none\">").append(Html.text(e.getMessage())).append("</p>");
      }
    }
    if (RUN_PREFIX.matcher(q).matches()) {
      try {
        Run run = registry.run(q);
        ctx.redirect(Fmt.runHref(run.id()));
        return;
      } catch (FactoryException e) {
        out.append("<p class=\"none\">").append(Html.text(e.getMessage())).append("</p>");
      }
    }
    List<Stage> stages = registry.queries().findStages(q, LIMIT);
    List<Artifact> artifacts = registry.queries().findArtifacts(q, LIMIT);
    RunPage.section(out, "Stages");
    if (stages.isEmpty()) {
      out.append("<p class=\"none\">none</p>");
    }
    for (Stage s : stages) {
      out.append("<p><a href=\"/runs?stage=")
          .append(Html.url(s.name()))
          .append("\">")
          .append(Html.text(s.name()))
          .append("</a></p>");
    }
    RunPage.section(out, "Artifacts");
    if (artifacts.isEmpty()) {
      out.append("<p class=\"none\">none</p>");
    }
    for (Artifact a : artifacts) {
      out.append("<p><a href=\"")
          .append(Fmt.artifactHref(a.name()))
          .append("\">")
          .append(Html.text(a.name()))
          .append("</a> ")
          .append(Fmt.lower(a.kind()))
          .append("</p>");
    }
    ctx.html(Layout.page("Search: " + q, "", out.toString()));
  }
}
