package dev.nbfactory.web.ui;

import dev.nbfactory.magics.codec.ModelSummary;
import dev.nbfactory.magics.codec.TableCodec;
import dev.nbfactory.registry.Alias;
import dev.nbfactory.registry.Artifact;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Column;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import io.javalin.http.Context;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * Artifacts: the list by kind, and one artifact's versions with the chosen version's hash, size,
 * producer, consumers and aliases; a dataset's schema and first rows, a model's provenance summary,
 * and downloads verified against the hash.
 */
final class ArtifactPage {
  static final int FIRST_ROWS = 20;

  /** Objects up to this size are read whole, and so verified, before the first byte is sent. */
  private static final long VERIFY_BEFORE_SENDING = 64L << 20;

  private final Registry registry;

  ArtifactPage(Registry registry) {
    this.registry = registry;
  }

  void list(Context ctx) {
    String kindParam = ctx.queryParam("kind");
    ArtifactKind kind =
        kindParam == null || kindParam.isBlank() ? null : ArtifactKind.parse(kindParam);
    List<Artifact> artifacts = registry.artifacts(kind);
    StringBuilder out = new StringBuilder(8192);
    out.append("<nav class=\"filters\">kind: <a href=\"/artifacts\">all</a>");
    for (ArtifactKind k : ArtifactKind.values()) {
      out.append(" · <a href=\"/artifacts?kind=")
          .append(Fmt.lower(k))
          .append('"')
          .append(k == kind ? " class=\"current\"" : "")
          .append('>')
          .append(Fmt.lower(k))
          .append("</a>");
    }
    out.append("</nav><table class=\"grid\"><thead><tr><th>artifact</th><th>kind</th>")
        .append("<th>versions</th><th>created</th></tr></thead><tbody>");
    for (Artifact a : artifacts) {
      out.append("<tr><td><a href=\"")
          .append(Fmt.artifactHref(a.name()))
          .append("\">")
          .append(Html.text(a.name()))
          .append("</a></td><td>")
          .append(Fmt.lower(a.kind()))
          .append("</td><td class=\"num\">")
          .append(a.versionCount())
          .append("</td><td>")
          .append(Fmt.time(a.createdAt()))
          .append("</td></tr>");
    }
    out.append("</tbody></table>");
    ctx.html(Layout.page("Artifacts", "Artifacts", out.toString()));
  }

  void handle(Context ctx) {
    String name = required(ctx, "name");
    List<ArtifactVersion> versions = registry.versions(name);
    ArtifactVersion chosen = chosen(ctx, name, versions);
    List<Alias> aliases = registry.aliases(name);
    StringBuilder out = new StringBuilder(16384);
    out.append("<table class=\"grid versions\"><thead><tr><th>version</th><th>hash</th>")
        .append(
            "<th>size</th><th>created</th><th>producer</th><th>aliases</th></tr></thead><tbody>");
    for (int i = versions.size() - 1; i >= 0; i--) {
      ArtifactVersion v = versions.get(i);
      out.append("<tr")
          .append(v.version() == chosen.version() ? " class=\"chosen\"" : "")
          .append("><td>")
          .append(Fmt.versionLink(v))
          .append("</td><td><code>")
          .append(Html.text(v.shortHash()))
          .append("</code></td><td class=\"num\">")
          .append(Fmt.size(v.size()))
          .append("</td><td>")
          .append(Fmt.time(v.createdAt()))
          .append("</td><td>")
          .append(producer(v))
          .append("</td><td>")
          .append(aliasBadges(aliases, v.version()))
          .append("</td></tr>");
    }
    out.append("</tbody></table>");

    RunPage.section(out, "Version " + chosen.version());
    out.append("<table class=\"fields\"><tbody>");
    RunPage.field(out, "reference", Html.text(chosen.ref()));
    RunPage.field(out, "kind", Fmt.lower(chosen.kind()));
    RunPage.field(out, "hash", "<code>" + Html.text(chosen.contentHash()) + "</code>");
    RunPage.field(out, "size", Fmt.size(chosen.size()) + " (" + chosen.size() + " bytes)");
    RunPage.field(out, "media type", Html.text(chosen.mediaType()));
    RunPage.field(out, "created", Fmt.time(chosen.createdAt()));
    RunPage.field(out, "producer", producer(chosen));
    RunPage.field(out, "aliases", aliasBadges(aliases, chosen.version()));
    List<Run> consumers = registry.consumers(chosen.ref());
    StringBuilder read = new StringBuilder();
    for (Run r : consumers) {
      read.append(Fmt.runLink(r)).append(" (").append(Html.text(r.stage())).append(") ");
    }
    RunPage.field(out, "read by", consumers.isEmpty() ? "no run yet" : read.toString());
    RunPage.field(
        out,
        "",
        "<a href=\""
            + Fmt.lineageHref(chosen.ref())
            + "\">lineage</a> · <a href=\"/download?name="
            + Html.url(name)
            + "&amp;version="
            + chosen.version()
            + "\">download</a> (verified against the hash)");
    out.append("</tbody></table>");
    if (chosen.kind() == ArtifactKind.MODEL) {
      RunPage.section(out, "Model");
      Map<String, String> summary = ModelSummary.of(chosen.metadata());
      out.append("<table class=\"fields\"><tbody>");
      summary.forEach((k, v) -> RunPage.field(out, Html.text(k), Html.text(v)));
      out.append("</tbody></table>");
    }
    if (!chosen.schema().isEmpty()) {
      RunPage.section(out, "Schema");
      out.append(
          "<table class=\"grid\"><thead><tr><th>column</th><th>type</th></tr></thead><tbody>");
      for (Column c : chosen.schema()) {
        out.append("<tr><td>")
            .append(Html.text(c.name()))
            .append("</td><td>")
            .append(Html.text(c.type()))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
      if (TableCodec.MEDIA_TYPE.equals(chosen.mediaType())) {
        RunPage.section(out, "First rows");
        firstRows(out, chosen);
      }
    }
    ctx.html(
        Layout.page(
            name, chosen.kind() == ArtifactKind.MODEL ? "Models" : "Artifacts", out.toString()));
  }

  /** The version's bytes, verified: small ones before sending, large ones as they stream. */
  void download(Context ctx) throws IOException {
    String name = required(ctx, "name");
    ArtifactVersion v = chosen(ctx, name, registry.versions(name));
    // read (and so verified) before any header says a download follows
    byte[] small =
        v.size() <= VERIFY_BEFORE_SENDING ? registry.store().read(v.contentHash()) : null;
    // Never rendered in the UI's origin: bytes a notebook wrote are a download, whatever they hold.
    ctx.header("Content-Disposition", "attachment; filename=\"" + fileName(v) + "\"");
    ctx.contentType("application/octet-stream");
    if (small != null) {
      ctx.result(small);
    } else {
      // A mismatch at the end aborts the response, so a client never sees it complete.
      ctx.result(registry.store().open(v.contentHash()));
    }
  }

  private void firstRows(StringBuilder out, ArtifactVersion v) {
    Table table;
    try (InputStream in = registry.store().open(v.contentHash())) {
      table = TableCodec.read(new ByteArrayInputStream(headLines(in)), v.ref(), v.schema());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + v.ref(), e);
    }
    out.append("<div class=\"scroll\"><table class=\"grid data\"><thead><tr>");
    for (String c : table.columnNames()) {
      out.append("<th>").append(Html.text(c)).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (int r = 0; r < table.rowCount(); r++) {
      out.append("<tr>");
      for (int c = 0; c < table.columnCount(); c++) {
        out.append("<td>").append(Html.text(table.getString(r, c))).append("</td>");
      }
      out.append("</tr>");
    }
    out.append("</tbody></table></div>");
  }

  /** The header line and the first rows of a CSV, without reading the rest. */
  private static byte[] headLines(InputStream in) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while (lines.size() <= FIRST_ROWS && (line = reader.readLine()) != null) {
      lines.add(line);
    }
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private String producer(ArtifactVersion v) {
    if (v.producerRunId() == null) {
      return "-";
    }
    Run run = registry.run(v.producerRunId());
    return Fmt.runLink(run) + " (" + Html.text(run.stage()) + ")";
  }

  static String aliasBadges(List<Alias> aliases, int version) {
    StringBuilder out = new StringBuilder();
    for (Alias a : aliases) {
      if (a.version() == version) {
        out.append("<span class=\"alias\">").append(Html.text(a.alias())).append("</span> ");
      }
    }
    return out.toString();
  }

  private static ArtifactVersion chosen(Context ctx, String name, List<ArtifactVersion> versions) {
    String version = ctx.queryParam("version");
    if (version == null || version.isBlank()) {
      return versions.get(versions.size() - 1);
    }
    try {
      int n = Integer.parseInt(version);
      return versions.stream()
          .filter(v -> v.version() == n)
          .findFirst()
          .orElseThrow(
              () ->
                  new InvalidInputException(
                      name + " has versions 1 to " + versions.size() + ", not " + n));
    } catch (NumberFormatException e) {
      throw new InvalidInputException("version must be a number, not '" + version + "'");
    }
  }

  private static String fileName(ArtifactVersion v) {
    String base = v.name().replaceAll("[^A-Za-z0-9._-]", "_");
    return base + "-v" + v.version();
  }

  static String required(Context ctx, String param) {
    String value = ctx.queryParam(param);
    if (value == null || value.isBlank()) {
      throw new InvalidInputException("give ?" + param + "=... in the address");
    }
    return value;
  }
}
