package dev.nbfactory.magics.lineage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How times, durations and sizes read in lineage pictures, trees and the command line. */
public final class Texts {
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);
  private static final String[] SIZE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Texts() {}

  /** "just now", "3 min ago", "2 h ago", "5 d ago"; a date once it is a month old. */
  public static String ago(Instant time, Instant now) {
    if (time == null) {
      return "-";
    }
    long seconds = Duration.between(time, now).getSeconds();
    if (seconds < 60) {
      return "just now";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min ago";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + " h ago";
    }
    if (seconds < 30 * 86_400) {
      return seconds / 86_400 + " d ago";
    }
    return time.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
  }

  /** "2026-11-25 16:30 UTC": a picture outlives the moment, so absolute, to the minute. */
  static String minute(Instant time, ZoneId zone) {
    // ZoneOffset.UTC would print as "Z"; people read "UTC".
    ZoneId shown = zone.equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
    return time == null ? "-" : MINUTE.format(time.atZone(shown));
  }

  /** "0.4 s", "1.2 s", "3 min 4 s", "2 h 5 min", "3 d 4 h". */
  public static String duration(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
    return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
  }

  /** "512 B", "1.2 KiB", "3.4 MiB". */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, SIZE_UNITS[unit]);
  }

  /** Kind and status names read in lower case, as users type them. */
  static String lower(Enum<?> value) {
    return value == null ? "-" : value.name().toLowerCase(Locale.ROOT);
  }
}
