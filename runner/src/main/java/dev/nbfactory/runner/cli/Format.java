package dev.nbfactory.runner.cli;

import dev.nbfactory.magics.lineage.Texts;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How times, durations, sizes and numbers read in a terminal. */
final class Format {

  private Format() {}

  /** "just now", "3 min ago", "2 h ago", "5 d ago"; a date once it is a month old. */
  static String ago(Instant time, Instant now) {
    return Texts.ago(time, now);
  }

  /** "0.4 s", "1.2 s", "3 min 4 s", "2 h 5 min", "3 d 4 h". */
  static String duration(Duration duration) {
    return duration == null ? "-" : Texts.duration(duration);
  }

  /** "512 B", "1.2 KiB", "3.4 MiB". */
  static String size(long bytes) {
    return Texts.size(bytes);
  }

  /** A metric value as recorded: whole numbers without ".0", others in full. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** A metric value for a column: four significant digits are enough to compare runs by eye. */
  static String shortNumber(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    BigDecimal rounded =
        Math.abs(value) >= 1000
            ? BigDecimal.valueOf(value).setScale(1, java.math.RoundingMode.HALF_EVEN)
            : BigDecimal.valueOf(value).round(new MathContext(4));
    return rounded.stripTrailingZeros().toPlainString();
  }

  /** An instant to the second, in UTC: unambiguous wherever the reader is. */
  static String instant(Instant time) {
    return time == null ? "-" : time.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The first {@code n} characters, for hashes and commits. */
  static String prefix(String text, int n) {
    return text == null ? "-" : text.substring(0, Math.min(n, text.length()));
  }

  /** Status and kind names read in lower case in tables, as users type them. */
  static String lower(Enum<?> value) {
    return value == null ? "-" : value.name().toLowerCase(Locale.ROOT);
  }

  /** Collapses line breaks so a message stays on one line. */
  static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
