package dev.nbfactory.magics.schedule;

import dev.nbfactory.registry.InvalidInputException;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A cron expression in a time zone, and its fire times. Accepts Unix cron (5 fields: minute hour
 * day-of-month month day-of-week, Sunday 0 or 7), the {@code @daily}-style macros, and Quartz's 6
 * or 7 fields (seconds first, optional year); keeps the Quartz form.
 *
 * <p>Daylight saving: an expression with fixed hours is read on the wall clock, as cron does. A
 * fire time that falls in the hour skipped in spring runs when the clock jumps (02:30 becomes
 * 03:30), and one in the hour repeated in autumn runs once, at its first occurrence. Quartz alone
 * would skip the spring run. Expressions that fire every hour (a {@code *} or step in the hour
 * field) follow real time instead: an hour that does not exist has no firing.
 */
public final class CronSchedule {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 0 1 1 ?",
          "@annually", "0 0 0 1 1 ?",
          "@monthly", "0 0 0 1 * ?",
          "@weekly", "0 0 0 ? * SUN",
          "@daily", "0 0 0 * * ?",
          "@midnight", "0 0 0 * * ?",
          "@hourly", "0 0 * * * ?");

  private final String expression;
  private final ZoneId zone;
  private final boolean wallClock;
  private final CronExpression local;

  private CronSchedule(String expression, ZoneId zone) throws ParseException {
    this.expression = expression;
    this.zone = zone;
    this.local = new CronExpression(expression);
    local.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
    String hours = expression.trim().split("\\s+")[2];
    this.wallClock = !(hours.contains("*") || hours.contains("/"));
  }

  /**
   * Parses and checks an expression and a time zone; the error names the bad part and the fix.
   *
   * @param timeZone a region ID such as {@code Europe/Berlin}, or null for UTC
   */
  public static CronSchedule parse(String text, String timeZone) {
    ZoneId zone = zone(timeZone);
    String quartz = toQuartz(text);
    CronFields.check(quartz, text.strip(), text.strip().split("\\s+").length == 5);
    CronSchedule schedule;
    try {
      schedule = new CronSchedule(quartz, zone);
    } catch (ParseException e) {
      throw new InvalidInputException(
          "invalid cron expression '"
              + text
              + "'"
              + (quartz.equals(text) ? "" : " (read as Quartz '" + quartz + "')")
              + ": "
              + e.getMessage()
              + "; use 5 fields 'MIN HOUR DOM MON DOW' such as '0 6 * * *', or Quartz's 6-7"
              + " fields with seconds first such as '0 0 6 * * ?'");
    }
    return schedule;
  }

  /**
   * Refuses, at promotion, an expression with no fire time after {@code now}: a day that does not
   * exist (31 February) or a year past. A saved schedule whose last firing passed still loads.
   */
  public CronSchedule requireFutureFiring(String text, Instant now) {
    if (local.getNextValidTimeAfter(Date.from(now)) == null) {
      throw new InvalidInputException(
          "cron expression '"
              + text
              + "' can never fire (a day that does not exist, such as 31 February, or a year"
              + " past); check the day, month and year fields");
    }
    return this;
  }

  /** A time zone by region ID; a clear error for an unknown one. */
  public static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timeZone.strip());
    } catch (DateTimeException e) {
      throw new InvalidInputException(
          "unknown time zone '"
              + timeZone
              + "': use a region ID such as Europe/Berlin, America/New_York or UTC");
    }
  }

  /** The Quartz form of a Unix, macro or Quartz expression (not yet checked). */
  static String toQuartz(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(
          "the cron expression is empty: give one such as '0 6 * * *' (every day at 06:00)");
    }
    String trimmed = text.strip();
    String macro = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
    if (macro != null) {
      return macro;
    }
    String[] f = trimmed.split("\\s+");
    if (f.length == 6 || f.length == 7) {
      return String.join(" ", f);
    }
    if (f.length != 5) {
      throw new InvalidInputException(
          "invalid cron expression '"
              + text
              + "': it has "
              + f.length
              + " fields; use 5 (MIN HOUR DOM MON DOW, such as '0 6 * * *') or Quartz's 6-7"
              + " (seconds first, such as '0 0 6 * * ?')");
    }
    String dom = f[2];
    String dow = unixDaysOfWeek(f[4]);
    boolean anyDom = dom.equals("*") || dom.equals("?");
    boolean anyDow = dow.equals("*") || dow.equals("?");
    if (!anyDom && !anyDow) {
      throw new InvalidInputException(
          "cron expression '"
              + text
              + "' restricts both the day of month and the day of week, which the scheduler"
              + " cannot combine; keep one and put '*' in the other");
    }
    if (anyDow) {
      dow = "?";
      dom = dom.equals("?") ? "*" : dom;
    } else {
      dom = "?";
    }
    return String.join(" ", "0", f[0], f[1], dom, f[3], dow);
  }

  /**
   * Unix days of week count Sunday as 0 or 7; Quartz as 1. Names pass unchanged, as do a step
   * ({@code /2}) and the week of the month after {@code #} ({@code 0#1}, the first Sunday).
   */
  private static String unixDaysOfWeek(String field) {
    StringBuilder out = new StringBuilder();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(field);
    int last = 0;
    while (m.find()) {
      out.append(field, last, m.start());
      char before = m.start() > 0 ? field.charAt(m.start() - 1) : ' ';
      int n = m.group().length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(m.group());
      if (before == '/' || before == '#') {
        out.append(m.group()); // a step or a week of the month, not a day
      } else if (n >= 0 && n <= 7) {
        out.append(n == 7 ? 1 : n + 1);
      } else {
        throw new InvalidInputException(
            "day of week "
                + m.group()
                + " in cron field '"
                + field
                + "' is out of range: use 0-7 or SUN-SAT");
      }
      last = m.end();
    }
    out.append(field.substring(last));
    return out.toString();
  }

  /** The normalized Quartz expression (seconds first). */
  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first fire time strictly after {@code after}, or null if there is none (a past year). */
  public Instant nextAfter(Instant after) {
    // Away from a clock change, wall-clock order is time order: the first candidate is the answer.
    // Near one, local times repeat or vanish: look a few hours around and take the earliest.
    boolean nearChange = nearChange(after);
    LocalDateTime from = LocalDateTime.ofInstant(after, zone);
    if (nearChange) {
      from = from.minus(NEAR);
    }
    Instant best = null;
    for (int guard = 0; guard < 100_000; guard++) {
      Date next = local.getNextValidTimeAfter(Date.from(from.toInstant(ZoneOffset.UTC)));
      if (next == null) {
        return best;
      }
      LocalDateTime candidate = LocalDateTime.ofInstant(next.toInstant(), ZoneOffset.UTC);
      if (best != null
          && (!nearChange || candidate.isAfter(LocalDateTime.ofInstant(best, zone).plus(NEAR)))) {
        return best;
      }
      for (Instant at : instants(candidate)) {
        if (at.isAfter(after) && (best == null || at.isBefore(best))) {
          best = at;
        }
      }
      from = candidate;
    }
    throw new IllegalStateException("no fire time found after " + after + " for " + expression);
  }

  private static final java.time.Duration NEAR = java.time.Duration.ofHours(3);

  private boolean nearChange(Instant at) {
    java.time.zone.ZoneOffsetTransition t = zone.getRules().nextTransition(at.minus(NEAR));
    return t != null && t.getInstant().isBefore(at.plus(NEAR).plus(NEAR));
  }

  /** The instants a wall-clock time names: none, one or two (see the class comment). */
  private List<Instant> instants(LocalDateTime wall) {
    List<java.time.ZoneOffset> offsets = zone.getRules().getValidOffsets(wall);
    if (offsets.size() == 1) {
      return List.of(wall.toInstant(offsets.get(0)));
    }
    if (offsets.isEmpty()) {
      // In the spring gap: a fixed-hour run comes when the clock jumps; an hourly one has no hour.
      return wallClock ? List.of(ZonedDateTime.ofLocal(wall, zone, null).toInstant()) : List.of();
    }
    // In the autumn overlap: a fixed-hour run at the first occurrence only; hourly at both.
    Instant earlier = ZonedDateTime.ofLocal(wall, zone, null).toInstant();
    if (wallClock) {
      return List.of(earlier);
    }
    Instant later = ZonedDateTime.ofLocal(wall, zone, null).withLaterOffsetAtOverlap().toInstant();
    return List.of(earlier, later);
  }

  /** Fire times in {@code (after, until]}, oldest first, at most {@code limit}. */
  public List<Instant> between(Instant after, Instant until, int limit) {
    List<Instant> out = new ArrayList<>();
    Instant t = after;
    while (out.size() < limit) {
      t = nextAfter(t);
      if (t == null || t.isAfter(until)) {
        break;
      }
      out.add(t);
    }
    return out;
  }

  /** The next {@code n} fire times after {@code after}. */
  public List<Instant> next(Instant after, int n) {
    return between(after, Instant.MAX, n);
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}
