package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them: {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}, {@code 1h30m}.
 */
final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]{1,9}(?:ms|s|m|h|d|w))+");
  private static final Pattern PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d|w)");

  private Durations() {}

  /** Parses {@code 1h30m}-style text, or ISO-8601 such as {@code PT2H}; never negative. */
  static Duration parse(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (value.startsWith("p")) {
      try {
        Duration iso = Duration.parse(value.toUpperCase(Locale.ROOT));
        if (!iso.isNegative()) {
          return iso;
        }
      } catch (DateTimeParseException e) {
        // fall through to the message below
      }
    } else if (WHOLE.matcher(value).matches()) {
      Duration total = Duration.ZERO;
      Matcher part = PART.matcher(value);
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "h" -> Duration.ofHours(amount);
                  case "d" -> Duration.ofDays(amount);
                  case "w" -> Duration.ofDays(7 * amount);
                  default -> throw new IllegalStateException("unit " + part.group(2));
                });
      }
      return total;
    }
    throw new InvalidInputException(
        "invalid duration '"
            + text
            + "': use a number and a unit (s, m, h, d, w), such as 30m, 2h, 7d, 1h30m or 0s");
  }
}
