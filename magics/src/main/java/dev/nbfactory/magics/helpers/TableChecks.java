package dev.nbfactory.magics.helpers;

import dev.nbfactory.magics.SchemaChange;
import dev.nbfactory.magics.codec.TableCodec;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Column;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * What each of {@link Expect}'s checks observes in a table, stated as a person would check it: the
 * counts, the extremes, the offending values (a few of them). A check that cannot look (no such
 * column, a column of text where numbers are needed) fails with {@link Unobservable}.
 */
final class TableChecks {
  /** How many offending values an observation names. */
  static final int EXAMPLES = 5;

  private TableChecks() {}

  /** Whether the check passed, and what it saw. */
  record Observation(boolean passed, String observed) {}

  /** The check could not look at the data; the message says why, naming the column. */
  static final class Unobservable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unobservable(String message) {
      super(message);
    }
  }

  static Observation rowsAtLeast(Table table, long min) {
    return new Observation(table.rowCount() >= min, rows(table.rowCount()));
  }

  static Observation rowsAtMost(Table table, long max) {
    return new Observation(table.rowCount() <= max, rows(table.rowCount()));
  }

  static Observation noMissing(Table table, String name) {
    tech.tablesaw.columns.Column<?> column = column(table, name);
    int missing = column.countMissing();
    return new Observation(missing == 0, missing + " missing of " + column.size());
  }

  static Observation nullFractionAtMost(Table table, String name, double max) {
    tech.tablesaw.columns.Column<?> column = column(table, name);
    int missing = column.countMissing();
    double fraction = column.size() == 0 ? 0 : (double) missing / column.size();
    return new Observation(
        fraction <= max,
        "fraction " + computed(fraction) + " (" + missing + " missing of " + column.size() + ")");
  }

  static Observation unique(Table table, String name) {
    tech.tablesaw.columns.Column<?> column = column(table, name);
    Map<Object, Integer> counts = new LinkedHashMap<>();
    int values = 0;
    for (int i = 0; i < column.size(); i++) {
      if (!column.isMissing(i)) {
        counts.merge(column.get(i), 1, Integer::sum);
        values++;
      }
    }
    List<Object> repeated = new ArrayList<>();
    counts.forEach(
        (value, count) -> {
          if (count > 1) {
            repeated.add(value);
          }
        });
    if (repeated.isEmpty()) {
      return new Observation(true, counts.size() + " distinct of " + values + " values");
    }
    return new Observation(
        false,
        repeated.size()
            + (repeated.size() == 1 ? " value repeats: " : " values repeat: ")
            + examples(repeated)
            + " ("
            + counts.size()
            + " distinct of "
            + values
            + " values)");
  }

  static Observation between(Table table, String name, double min, double max) {
    NumericColumn<?> column = numeric(table, name);
    double low = Double.POSITIVE_INFINITY;
    double high = Double.NEGATIVE_INFINITY;
    int outside = 0;
    int values = 0;
    for (int i = 0; i < column.size(); i++) {
      if (!column.isMissing(i)) {
        double v = column.getDouble(i);
        low = Math.min(low, v);
        high = Math.max(high, v);
        if (v < min || v > max) {
          outside++;
        }
        values++;
      }
    }
    if (values == 0) {
      return new Observation(true, "no values");
    }
    String range = "min " + value(low) + ", max " + value(high);
    return outside == 0
        ? new Observation(true, range)
        : new Observation(false, range + "; " + outside + " of " + values + " outside");
  }

  static Observation meanBetween(Table table, String name, double min, double max) {
    NumericColumn<?> column = numeric(table, name);
    double sum = 0;
    int values = 0;
    for (int i = 0; i < column.size(); i++) {
      if (!column.isMissing(i)) {
        sum += column.getDouble(i);
        values++;
      }
    }
    if (values == 0) {
      return new Observation(false, "no values, so no mean");
    }
    double mean = sum / values;
    return new Observation(mean >= min && mean <= max, "mean " + computed(mean));
  }

  /** A value matches one of {@code allowed} if equal, numbers by value, anything else as text. */
  static Observation oneOf(Table table, String name, List<Object> allowed) {
    tech.tablesaw.columns.Column<?> column = column(table, name);
    Set<Object> outside = new LinkedHashSet<>();
    int rows = 0;
    for (int i = 0; i < column.size(); i++) {
      if (!column.isMissing(i) && !isOneOf(column.get(i), allowed)) {
        outside.add(column.get(i));
        rows++;
      }
    }
    if (outside.isEmpty()) {
      return new Observation(true, "no values outside");
    }
    return new Observation(
        false, "values outside: " + examples(new ArrayList<>(outside)) + " in " + rows(rows));
  }

  private static boolean isOneOf(Object value, List<Object> allowed) {
    for (Object a : allowed) {
      boolean sameNumber =
          value instanceof Number v
              && a instanceof Number n
              && Double.compare(v.doubleValue(), n.doubleValue()) == 0;
      if (sameNumber || value.equals(a) || value.toString().equals(String.valueOf(a))) {
        return true;
      }
    }
    return false;
  }

  static Observation matches(Table table, String name, Pattern pattern) {
    tech.tablesaw.columns.Column<?> column = column(table, name);
    List<Object> mismatched = new ArrayList<>();
    int values = 0;
    for (int i = 0; i < column.size(); i++) {
      if (!column.isMissing(i)) {
        values++;
        if (!pattern.matcher(column.get(i).toString()).matches()) {
          mismatched.add(column.get(i));
        }
      }
    }
    if (mismatched.isEmpty()) {
      return new Observation(true, "all " + values + " match");
    }
    return new Observation(
        false,
        mismatched.size() + " of " + values + " do not match: " + examples(distinct(mismatched)));
  }

  /** The table's columns against a table artifact's: the same names with the same types. */
  static Observation schemaEquals(Table table, ArtifactVersion version) {
    List<Column> expected = version.schema();
    if (expected.isEmpty()) {
      throw new Unobservable(
          version.ref()
              + " is a "
              + version.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " with no recorded columns");
    }
    SchemaChange change = SchemaChange.between(expected, TableCodec.schema(table));
    if (change.isEmpty()) {
      return new Observation(true, "the same " + expected.size() + " columns");
    }
    List<String> parts = new ArrayList<>();
    if (!change.added().isEmpty()) {
      parts.add("extra " + columns(change.added()));
    }
    if (!change.removed().isEmpty()) {
      parts.add("lacks " + columns(change.removed()));
    }
    if (!change.retyped().isEmpty()) {
      List<String> items = new ArrayList<>();
      change
          .retyped()
          .forEach(r -> items.add(r.name() + " (" + r.to() + ", not " + r.from() + ")"));
      parts.add("retyped " + String.join(", ", items));
    }
    return new Observation(false, String.join("; ", parts));
  }

  private static String columns(List<Column> columns) {
    List<String> items = new ArrayList<>();
    columns.forEach(c -> items.add(c.name() + " (" + c.type() + ")"));
    return String.join(", ", items);
  }

  // ---- looking up columns

  /** The column named exactly {@code name}; none fails the check, naming the table's columns. */
  static tech.tablesaw.columns.Column<?> column(Table table, String name) {
    for (tech.tablesaw.columns.Column<?> column : table.columns()) {
      if (column.name().equals(name)) {
        return column;
      }
    }
    List<String> names = table.columnNames();
    throw new Unobservable(
        "no column '"
            + name
            + "'"
            + (names.isEmpty()
                ? "; the table has no columns"
                : "; the columns are " + examples(new ArrayList<>(names), 20)));
  }

  private static NumericColumn<?> numeric(Table table, String name) {
    tech.tablesaw.columns.Column<?> column = column(table, name);
    if (column instanceof NumericColumn<?> numeric) {
      return numeric;
    }
    throw new Unobservable("column '" + name + "' holds " + column.type().name() + ", not numbers");
  }

  // ---- words

  private static String rows(long n) {
    return n == 1 ? "1 row" : n + " rows";
  }

  private static List<Object> distinct(List<Object> values) {
    return new ArrayList<>(new LinkedHashSet<>(values));
  }

  static String examples(List<?> values) {
    return examples(values, EXAMPLES);
  }

  /** {@code [a, b, c]}, or the first {@code limit} and how many more. */
  private static String examples(List<?> values, int limit) {
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < Math.min(limit, values.size()); i++) {
      Object v = values.get(i);
      shown.add(
          v instanceof Double || v instanceof Float
              ? value(((Number) v).doubleValue())
              : String.valueOf(v));
    }
    String more = values.size() > limit ? ", ... " + (values.size() - limit) + " more" : "";
    return "[" + String.join(", ", shown) + more + "]";
  }

  /** A value as it is in the data: {@code 5} for a whole number, else its shortest form. */
  static String value(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** A computed number (a mean, a fraction) to 6 significant digits. */
  static String computed(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
