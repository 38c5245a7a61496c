package dev.nbfactory.magics.helpers;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.helpers.TableChecks.Observation;
import dev.nbfactory.magics.helpers.TableChecks.Unobservable;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.CheckResult;
import dev.nbfactory.registry.CheckResult.Severity;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Run;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import tech.tablesaw.api.Table;

/**
 * Data checks on a table, the ones Great Expectations and Deequ users reach for most, made and
 * recorded in one call:
 *
 * <pre>{@code
 * Expect.that(table)
 *     .rowsAtLeast(400)
 *     .noMissing("diagnosis")
 *     .unique("id")
 *     .between("radius_mean", 0, 100)
 *     .oneOf("diagnosis", "benign", "malignant")
 *     .nullFractionAtMost("texture_mean", 0.01).warn()
 *     .check();
 * }</pre>
 *
 * <p>Each method adds a check; {@link #check()} makes them all, in order. Every check is recorded
 * on the run that is open (a notebook after {@code %stage}, a headless run), with what it expected,
 * what it observed and whether it passed; outside a run they are made and recorded nowhere. A
 * failed check fails the stage: {@code check()} throws {@link DataCheckException}, one line per
 * failed check, so the run ends FAILED and a pipeline does not run what reads from it. A check
 * marked {@link #warn()} never throws; its failure shows in the {@link CheckReport} and the record.
 *
 * <p>Missing values are skipped by every check but {@link #noMissing} and {@link
 * #nullFractionAtMost}. A check naming a column the table lacks fails, naming the column.
 */
public final class Expect {
  private final Table table;
  private final List<Pending> checks = new ArrayList<>();

  /** A check added, waiting for {@link #check()}. */
  private record Pending(String name, String expected, Severity severity, Look look) {
    Pending warning() {
      return new Pending(name, expected, Severity.WARN, look);
    }
  }

  /** How a check looks at the table; the session gives registry access for schemaEquals. */
  @FunctionalInterface
  private interface Look {
    Observation at(Table table, FactorySession session);
  }

  private Expect(Table table) {
    this.table = table;
  }

  /** Starts the checks on {@code table}; nothing is checked until {@link #check()}. */
  public static Expect that(Table table) {
    if (table == null) {
      throw new InvalidInputException("Expect.that(table): the table is null");
    }
    return new Expect(table);
  }

  /** Passes when the table has at least {@code min} rows. */
  public Expect rowsAtLeast(long min) {
    nonNegative(min, "rowsAtLeast");
    return add(
        "rowsAtLeast(" + min + ")", "at least " + min, (t, s) -> TableChecks.rowsAtLeast(t, min));
  }

  /** Passes when the table has at most {@code max} rows. */
  public Expect rowsAtMost(long max) {
    nonNegative(max, "rowsAtMost");
    return add(
        "rowsAtMost(" + max + ")", "at most " + max, (t, s) -> TableChecks.rowsAtMost(t, max));
  }

  /** Passes when {@code column} has no missing value. */
  public Expect noMissing(String column) {
    named(column);
    return add(
        "noMissing(" + column + ")", "none missing", (t, s) -> TableChecks.noMissing(t, column));
  }

  /**
   * Passes when at most the fraction {@code max} (0 to 1) of {@code column}'s values is missing.
   */
  public Expect nullFractionAtMost(String column, double max) {
    named(column);
    if (!(max >= 0 && max <= 1)) {
      throw new InvalidInputException(
          "nullFractionAtMost(" + column + ", " + max + "): give a fraction from 0 to 1");
    }
    String bound = TableChecks.value(max);
    return add(
        "nullFractionAtMost(" + column + ", " + bound + ")",
        "fraction at most " + bound,
        (t, s) -> TableChecks.nullFractionAtMost(t, column, max));
  }

  /** Passes when no value of {@code column} occurs twice. */
  public Expect unique(String column) {
    named(column);
    return add("unique(" + column + ")", "no value twice", (t, s) -> TableChecks.unique(t, column));
  }

  /** Passes when every value of the numeric {@code column} is from {@code min} to {@code max}. */
  public Expect between(String column, double min, double max) {
    named(column);
    String range = range("between", column, min, max);
    return add(
        "between(" + column + ", " + range + ")",
        "all from " + range.replace(", ", " to "),
        (t, s) -> TableChecks.between(t, column, min, max));
  }

  /**
   * Passes when every value of {@code column} is one of {@code allowed}: equal, numbers by value,
   * anything else by its text ({@code oneOf("label", "0", "1")} holds for an int column of 0s and
   * 1s).
   */
  public Expect oneOf(String column, Object... allowed) {
    named(column);
    if (allowed == null || allowed.length == 0) {
      throw new InvalidInputException("oneOf(" + column + "): give the values it may hold");
    }
    List<Object> values = List.copyOf(Arrays.asList(allowed));
    String listed = values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return add(
        "oneOf(" + column + ", " + listed + ")",
        "one of [" + listed + "]",
        (t, s) -> TableChecks.oneOf(t, column, values));
  }

  /** Passes when the mean of the numeric {@code column} is from {@code min} to {@code max}. */
  public Expect meanBetween(String column, double min, double max) {
    named(column);
    String range = range("meanBetween", column, min, max);
    return add(
        "meanBetween(" + column + ", " + range + ")",
        "mean from " + range.replace(", ", " to "),
        (t, s) -> TableChecks.meanBetween(t, column, min, max));
  }

  /** Passes when every value of {@code column}, as text, matches {@code regex} in full. */
  public Expect matches(String column, String regex) {
    named(column);
    if (regex == null) {
      throw new InvalidInputException("matches(" + column + ", null): give a regular expression");
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new InvalidInputException(
          "matches(" + column + ", " + regex + "): not a regular expression: " + e.getMessage());
    }
    return add(
        "matches(" + column + ", " + regex + ")",
        "all match " + regex,
        (t, s) -> TableChecks.matches(t, column, pattern));
  }

  /**
   * Passes when the table has the columns, with the same Tablesaw types, that the table artifact
   * {@code ref} ({@code customers}, {@code customers@3}, {@code customers@production}) was stored
   * with; column order is not compared. The version is looked up, not read: it is not an input of
   * the run.
   */
  public Expect schemaEquals(String ref) {
    if (ref == null || ref.isBlank()) {
      throw new InvalidInputException("schemaEquals(ref): name the table artifact to compare with");
    }
    return add(
        "schemaEquals(" + ref + ")",
        "the columns of " + ref,
        (t, s) -> TableChecks.schemaEquals(t, version(s, ref)));
  }

  /** Marks the check added just before as a warning: its failure is reported and fails nothing. */
  public Expect warn() {
    if (checks.isEmpty()) {
      throw new InvalidInputException("warn() marks the check before it: add a check first");
    }
    checks.set(checks.size() - 1, checks.get(checks.size() - 1).warning());
    return this;
  }

  /**
   * Makes every check, records them on the open run if there is one, and returns the report.
   *
   * @throws DataCheckException when a check not marked {@link #warn()} failed, after recording
   */
  public CheckReport check() {
    if (checks.isEmpty()) {
      throw new InvalidInputException(
          "no checks to make: add one, such as rowsAtLeast(1), before check()");
    }
    FactorySession session = FactorySession.global();
    List<CheckResult> results = new ArrayList<>(checks.size());
    for (Pending p : checks) {
      Observation seen;
      try {
        seen = p.look().at(table, session);
      } catch (Unobservable e) {
        seen = new Observation(false, e.getMessage());
      }
      results.add(
          new CheckResult(p.name(), p.severity(), seen.passed(), p.expected(), seen.observed()));
    }
    Optional<Run> run = session.recordChecks(results);
    CheckReport report = new CheckReport(table.name(), results, run.map(Run::id).orElse(null));
    if (!report.passed()) {
      throw new DataCheckException(report);
    }
    return report;
  }

  private Expect add(String name, String expected, Look look) {
    checks.add(new Pending(name, expected, Severity.ERROR, look));
    return this;
  }

  private static ArtifactVersion version(FactorySession session, String ref) {
    try {
      return session.registry().resolve(ref);
    } catch (FactoryException e) {
      throw new Unobservable(e.getMessage());
    }
  }

  private static void named(String column) {
    if (column == null || column.isBlank()) {
      throw new InvalidInputException("a data check needs a column name");
    }
  }

  private static void nonNegative(long n, String check) {
    if (n < 0) {
      throw new InvalidInputException(check + "(" + n + "): give a count of 0 or more");
    }
  }

  /** {@code min, max} as the check's name shows them; a range that holds nothing fails now. */
  private static String range(String check, String column, double min, double max) {
    if (!(min <= max)) {
      throw new InvalidInputException(
          check + "(" + column + ", " + min + ", " + max + "): the lower bound is above the upper");
    }
    return TableChecks.value(min) + ", " + TableChecks.value(max);
  }
}
