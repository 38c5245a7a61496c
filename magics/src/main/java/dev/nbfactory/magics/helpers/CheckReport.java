package dev.nbfactory.magics.helpers;

import dev.nbfactory.magics.magic.Html;
import dev.nbfactory.magics.magic.MimeBundle;
import dev.nbfactory.registry.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link Expect#check()} found: every check in the order added, and the run they were recorded
 * on. Shows as a table of check, outcome, observed and expected.
 *
 * @param table the checked table's name, or null
 * @param results every check made, passed or not
 * @param runId the run the checks were recorded on, or null when no run was open
 */
public record CheckReport(String table, List<CheckResult> results, String runId)
    implements Displayable {

  public CheckReport {
    results = List.copyOf(results);
  }

  /** True when no check failed but those marked {@code warn()}. */
  public boolean passed() {
    return failures().isEmpty();
  }

  /** The failed checks that fail the run. */
  public List<CheckResult> failures() {
    return results.stream().filter(CheckResult::failsRun).toList();
  }

  /** The failed checks marked {@code warn()}. */
  public List<CheckResult> warnings() {
    return results.stream().filter(r -> !r.passed() && !r.failsRun()).toList();
  }

  /** One line: {@code 5 data checks on wdbc: 3 passed, 1 failed, 1 warning}. */
  public String summary() {
    int failed = failures().size();
    int warned = warnings().size();
    int passedCount = results.size() - failed - warned;
    return count(results.size(), "data check")
        + (table == null || table.isBlank() ? "" : " on " + table)
        + ": "
        + passedCount
        + " passed, "
        + failed
        + " failed, "
        + count(warned, "warning")
        + (runId == null ? " (no run open: not recorded)" : "");
  }

  /**
   * The failed checks, one line each ({@code - noMissing(diagnosis): 3 missing of 569; expected
   * none missing}), under a line saying how many failed.
   */
  public String failureMessage() {
    List<CheckResult> failed = failures();
    StringBuilder out =
        new StringBuilder(count(failed.size(), "data check"))
            .append(" failed")
            .append(table == null || table.isBlank() ? "" : " on " + table)
            .append(':');
    for (CheckResult r : failed) {
      out.append("\n- ").append(line(r));
    }
    return out.toString();
  }

  /** {@code name: observed; expected EXPECTED}. */
  static String line(CheckResult r) {
    return r.name()
        + ": "
        + (r.observed() == null ? "-" : r.observed())
        + (r.expected() == null ? "" : "; expected " + r.expected());
  }

  @Override
  public MimeBundle mimeBundle() {
    List<String> header = List.of("check", "outcome", "observed", "expected");
    List<List<String>> rows = new ArrayList<>();
    for (CheckResult r : results) {
      rows.add(
          List.of(
              r.name(),
              r.outcome(),
              r.observed() == null ? "" : r.observed(),
              r.expected() == null ? "" : r.expected()));
    }
    String summary = summary();
    return MimeBundle.html(
        "<p>" + Html.escape(summary) + "</p>\n" + Html.table(header, rows),
        summary + "\n" + Html.text(header, rows));
  }

  @Override
  public String toString() {
    return mimeBundle().data().get("text/plain");
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
