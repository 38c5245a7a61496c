package dev.nbfactory.magics.schedule;

import dev.nbfactory.registry.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks each field of a Quartz cron expression against its range before Quartz reads it. Quartz
 * itself takes some values out of range as "every" (an hour of 99 fires every hour) and a step of 0
 * as valid; here they are refused, naming the field.
 */
final class CronFields {
  /** A field's name for messages, its range, and the names it takes. */
  private record Field(String name, int min, int max, Map<String, Integer> names) {}

  private static final Map<String, Integer> MONTHS =
      Map.ofEntries(
          Map.entry("JAN", 1),
          Map.entry("FEB", 2),
          Map.entry("MAR", 3),
          Map.entry("APR", 4),
          Map.entry("MAY", 5),
          Map.entry("JUN", 6),
          Map.entry("JUL", 7),
          Map.entry("AUG", 8),
          Map.entry("SEP", 9),
          Map.entry("OCT", 10),
          Map.entry("NOV", 11),
          Map.entry("DEC", 12));
  private static final Map<String, Integer> DAYS =
      Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5, "FRI", 6, "SAT", 7);

  private static final List<Field> FIELDS =
      List.of(
          new Field("second", 0, 59, Map.of()),
          new Field("minute", 0, 59, Map.of()),
          new Field("hour", 0, 23, Map.of()),
          new Field("day of month", 1, 31, Map.of()),
          new Field("month", 1, 12, MONTHS),
          new Field("day of week", 1, 7, DAYS),
          new Field("year", 1970, 2099, Map.of()));

  /** One item of a field: a value or range, an optional step, and Quartz's day suffixes. */
  private static final Pattern ITEM =
      Pattern.compile("(\\*|[A-Z0-9]+)(?:-([A-Z0-9]+))?(?:/(\\d+))?");

  /** Quartz's own forms in the day fields, which have no range to check here. */
  private static final Pattern DAY_SPECIAL =
      Pattern.compile("\\?|L|LW|L-\\d+|\\d+W|[1-7]L|[1-7]#[1-5]|[A-Z]{3}L|[A-Z]{3}#[1-5]");

  private CronFields() {}

  /**
   * @param quartz the expression in Quartz's form (6 or 7 fields)
   * @param shown the expression as the user wrote it, for messages
   * @param unix whether the user wrote 5-field Unix cron (its fields are named the Unix way)
   */
  static void check(String quartz, String shown, boolean unix) {
    String[] fields = quartz.strip().toUpperCase(Locale.ROOT).split("\\s+");
    for (int i = 0; i < fields.length && i < FIELDS.size(); i++) {
      Field field = FIELDS.get(i);
      for (String item : fields[i].split(",", -1)) {
        checkItem(field, item, fields[i], shown, unix);
      }
    }
  }

  private static void checkItem(Field f, String item, String whole, String shown, boolean unix) {
    boolean dayField = f.name().startsWith("day");
    if (dayField && DAY_SPECIAL.matcher(item).matches()) {
      return;
    }
    Matcher m = ITEM.matcher(item);
    if (!m.matches()) {
      throw refused(f, whole, shown, "'" + item + "' is not a value, range or step");
    }
    if (m.group(3) != null && m.group(3).chars().allMatch(c -> c == '0')) {
      throw refused(f, whole, shown, "a step of 0 never advances; use 1 or more");
    }
    if (m.group(3) != null && (m.group(3).length() > 4 || Integer.parseInt(m.group(3)) > f.max())) {
      throw refused(
          f,
          whole,
          shown,
          "a step of " + m.group(3) + " is more than the field's range: use 1 to " + f.max());
    }
    if (!m.group(1).equals("*")) {
      int from = value(f, m.group(1), whole, shown, unix);
      if (m.group(2) != null) {
        int to = value(f, m.group(2), whole, shown, unix);
        if (to < from && !f.name().equals("day of week") && !f.name().equals("month")) {
          throw refused(f, whole, shown, "the range " + item + " runs backwards");
        }
      }
    } else if (m.group(2) != null) {
      throw refused(f, whole, shown, "'*' takes no range");
    }
  }

  private static int value(Field f, String text, String whole, String shown, boolean unix) {
    Integer named = f.names().get(text);
    if (named != null) {
      return named;
    }
    if (!text.chars().allMatch(Character::isDigit)) {
      throw refused(f, whole, shown, "'" + text + "' is not a number or a name it takes");
    }
    // more digits than any field's range has: out of range, and more than an int holds
    int n = text.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(text);
    if (n < f.min() || n > f.max()) {
      // Unix days of week were shifted by one (Sunday 0 -> 1) before this check.
      String range =
          unix && f.name().equals("day of week") ? "0-7 or SUN-SAT" : f.min() + "-" + f.max();
      throw refused(
          f,
          whole,
          shown,
          (n == Integer.MAX_VALUE ? text : unix && f.name().equals("day of week") ? n - 1 : n)
              + " is out of range: use "
              + range);
    }
    return n;
  }

  private static InvalidInputException refused(
      Field f, String whole, String shown, String problem) {
    return new InvalidInputException(
        "invalid cron expression '"
            + shown
            + "': the "
            + f.name()
            + " field '"
            + whole
            + "': "
            + problem);
  }
}
