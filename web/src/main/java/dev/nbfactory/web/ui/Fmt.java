package dev.nbfactory.web.ui;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How values read on every page, and the links between pages: one place for each. */
final class Fmt {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Fmt() {}

  static String time(Instant at) {
    return at == null ? "-" : TIME.format(at);
  }

  /** {@code 850 ms}, {@code 12.4 s}, {@code 3 min 4 s}, {@code 2 h 5 min}. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    return s / 3600 + " h " + s % 3600 / 60 + " min";
  }

  /** A metric value, as the magics' tables show it. */
  static String number(Double value) {
    return dev.nbfactory.magics.magic.Html.number(value);
  }

  static String lower(Enum<?> value) {
    return value == null ? "" : value.name().toLowerCase(Locale.ROOT);
  }

  /** A run's status as a badge; failed and lost runs stand out. */
  static String status(RunStatus status) {
    String s = lower(status);
    return "<span class=\"status " + s + "\">" + s.replace('_', ' ') + "</span>";
  }

  /** Did not end well: what the runs table and histories make stand out. */
  static boolean failed(RunStatus status) {
    return status != RunStatus.RUNNING && status != RunStatus.SUCCEEDED;
  }

  static String runHref(String runId) {
    return "/runs/" + Html.url(runId);
  }

  static String runLink(Run run) {
    return "<a class=\"run-id\" href=\""
        + runHref(run.id())
        + "\">"
        + Html.text(run.shortId())
        + "</a>";
  }

  static String artifactHref(String name) {
    return "/artifact?name=" + Html.url(name);
  }

  static String versionHref(String name, int version) {
    return "/artifact?name=" + Html.url(name) + "&amp;version=" + version;
  }

  static String versionLink(ArtifactVersion v) {
    return "<a href=\"" + versionHref(v.name(), v.version()) + "\">" + Html.text(v.ref()) + "</a>";
  }

  static String lineageHref(String ref) {
    return "/lineage?ref=" + Html.url(ref);
  }

  /** Bytes as people read them. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }
}
