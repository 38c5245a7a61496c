package dev.nbfactory.magics.schedule;

import dev.nbfactory.registry.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them: {@code 90} (seconds), {@code 30s}, {@code 15m}, {@code 2h}, {@code
 * 1h30m}, or ISO-8601 such as {@code PT2H}.
 */
public final class DurationText {
  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]{1,9}(?:ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  private DurationText() {}

  public static Duration parse(String text, String option) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    try {
      if (value.matches("[0-9]{1,9}")) {
        return Duration.ofSeconds(Long.parseLong(value));
      }
      if (value.startsWith("p")) {
        Duration iso = Duration.parse(value.toUpperCase(Locale.ROOT));
        if (!iso.isNegative()) {
          return iso;
        }
      } else if (WHOLE.matcher(value).matches()) {
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
          long n = Long.parseLong(part.group(1));
          total =
              total.plus(
                  switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                  });
        }
        return total;
      }
    } catch (DateTimeParseException e) {
      // the message below says what to write
    }
    throw new InvalidInputException(
        "invalid duration '"
            + text
            + "' for "
            + option
            + ": use seconds or a number and a unit, such as 90, 30s, 15m, 2h or 1h30m");
  }

  /** The shortest text {@link #parse} reads back: {@code 1h30m}, {@code 45s}. */
  public static String format(Duration d) {
    if (d == null) {
      return "-";
    }
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long s = d.getSeconds();
    if (s / 86400 > 0) {
      out.append(s / 86400).append('d');
    }
    if (s % 86400 / 3600 > 0) {
      out.append(s % 86400 / 3600).append('h');
    }
    if (s % 3600 / 60 > 0) {
      out.append(s % 3600 / 60).append('m');
    }
    if (s % 60 > 0) {
      out.append(s % 60).append('s');
    }
    if (d.getNano() > 0) {
      out.append(d.getNano() / 1_000_000).append("ms");
    }
    return out.toString();
  }
}
