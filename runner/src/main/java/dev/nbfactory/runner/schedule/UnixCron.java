package dev.nbfactory.runner.schedule;

import dev.nbfactory.registry.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Quartz expression back in the 5 fields Kubernetes and Airflow read: no seconds (they fire at
 * most once a minute), no year, {@code ?} as {@code *}, days of week from Sunday 0.
 */
final class UnixCron {
  private UnixCron() {}

  static String of(String quartz, String target) {
    String[] f = quartz.trim().split("\\s+");
    if (f.length == 7 && !f[6].equals("*")) {
      throw new InvalidInputException(
          "cron '"
              + quartz
              + "' names a year, which "
              + target
              + " cannot: promote it without one");
    }
    if (!f[0].equals("0")) {
      throw new InvalidInputException(
          "cron '"
              + quartz
              + "' fires on seconds other than 0; "
              + target
              + " fires at most once a minute: promote it with a 5-field cron to export it");
    }
    if (f[3].matches(".*[LW#].*") || f[5].matches(".*[LW#].*")) {
      throw new InvalidInputException(
          "cron '" + quartz + "' uses Quartz's L, W or #, which " + target + " cannot read");
    }
    String dom = f[3].equals("?") ? "*" : f[3];
    String dow = f[5].equals("?") ? "*" : days(f[5]);
    return String.join(" ", f[1], f[2], dom, f[4], dow);
  }

  private static String days(String field) {
    Matcher m = Pattern.compile("\\d+").matcher(field);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(field, last, m.start());
      boolean step = m.start() > 0 && field.charAt(m.start() - 1) == '/';
      int n = Integer.parseInt(m.group());
      out.append(step ? n : n - 1);
      last = m.end();
    }
    return out.append(field.substring(last)).toString();
  }
}
