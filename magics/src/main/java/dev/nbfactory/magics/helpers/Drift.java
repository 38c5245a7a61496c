package dev.nbfactory.magics.helpers;

import dev.nbfactory.magics.Factory;
import dev.nbfactory.magics.helpers.ColumnDrift.Kind;
import dev.nbfactory.magics.magic.Html;
import dev.nbfactory.magics.magic.MimeBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * How the columns of a current table moved away from a reference table: {@code
 * Drift.between(reference, current)}. For each column present in both, numeric in both or
 * categorical (text or boolean) in both, the mean, standard deviation and missing share on each
 * side and the population-stability index (PSI): {@code sum((current% - reference%) * ln(current% /
 * reference%))} over quantile bins of the reference's values (10 unless {@link #bins(int)} says
 * otherwise), or over the values seen for a categorical column. A bin or value empty on one side
 * counts as a share of {@value #FLOOR}. Rule of thumb: below 0.1 stable, 0.1 to 0.25 some drift,
 * above 0.25 significant.
 *
 * <p>Shows itself as a table, the largest PSI first; {@link #toTable()} is the same as a Tablesaw
 * table to store, {@link #record()} records {@code psi.COLUMN} and {@code psi_max} on the run.
 */
public final class Drift implements Displayable {
  /** The share a bin or value empty on one side counts as, so that the logarithm stays finite. */
  public static final double FLOOR = 1e-4;

  /** The number of quantile bins unless told otherwise. */
  public static final int DEFAULT_BINS = 10;

  private final Table reference;
  private final Table current;
  private final int bins;
  private final Map<String, ColumnDrift> columns = new LinkedHashMap<>();
  private final List<String> skipped = new ArrayList<>();

  private Drift(Table reference, Table current, int bins) {
    if (bins < 2) {
      throw new IllegalArgumentException("a drift needs at least 2 bins; got " + bins);
    }
    this.reference = reference;
    this.current = current;
    this.bins = bins;
    for (Column<?> r : reference.columns()) {
      if (!current.containsColumn(r.name())) {
        continue;
      }
      Column<?> c = current.column(r.name());
      if (r instanceof NumberColumn<?, ?> rn && c instanceof NumberColumn<?, ?> cn) {
        columns.put(r.name(), numeric(rn, cn, bins));
      } else if (categorical(r) && categorical(c)) {
        columns.put(r.name(), categorical(r, c));
      } else {
        skipped.add(r.name());
      }
    }
  }

  /** The drift of {@code current} from {@code reference} over {@value #DEFAULT_BINS} bins. */
  public static Drift between(Table reference, Table current) {
    return new Drift(reference, current, DEFAULT_BINS);
  }

  /** The drift of {@code current} from {@code reference} over {@code bins} quantile bins. */
  public static Drift between(Table reference, Table current, int bins) {
    return new Drift(reference, current, bins);
  }

  /** The same two tables over {@code bins} quantile bins (at least 2). */
  public Drift bins(int bins) {
    return new Drift(reference, current, bins);
  }

  /** The number of quantile bins of numeric columns. */
  public int bins() {
    return bins;
  }

  /** Every column compared, in the reference's order. */
  public List<ColumnDrift> columns() {
    return List.copyOf(columns.values());
  }

  /**
   * The columns present in both tables but not compared: numeric on one side only, or of a type
   * with neither numbers nor categories (dates, times).
   */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  /**
   * One column's drift.
   *
   * @throws IllegalArgumentException when the column was not compared, naming those that were
   */
  public ColumnDrift column(String name) {
    ColumnDrift d = columns.get(name);
    if (d == null) {
      throw new IllegalArgumentException(
          "no drift of column '"
              + name
              + "': "
              + (skipped.contains(name)
                  ? "its types differ, or are neither numeric nor categorical"
                  : "it is not in both tables")
              + "; compared: "
              + columns.keySet());
    }
    return d;
  }

  /** One column's PSI; NaN when a side has no value. */
  public double psi(String column) {
    return column(column).psi();
  }

  /** The largest PSI of any column; 0 when no column has one. */
  public double maxPsi() {
    return columns.values().stream()
        .mapToDouble(ColumnDrift::psi)
        .filter(p -> !Double.isNaN(p))
        .max()
        .orElse(0);
  }

  /** The columns whose PSI is above {@code threshold}, the largest first. */
  public List<String> above(double threshold) {
    return largestFirst().stream()
        .filter(d -> d.psi() > threshold)
        .map(ColumnDrift::column)
        .toList();
  }

  /**
   * Records {@code psi.COLUMN} for every column with a PSI, and {@code psi_max}, as metrics of the
   * open run ({@link Factory#metric}); returns this drift.
   */
  public Drift record() {
    for (ColumnDrift d : columns.values()) {
      if (!Double.isNaN(d.psi())) {
        Factory.metric("psi." + d.column(), d.psi());
      }
    }
    Factory.metric("psi_max", maxPsi());
    return this;
  }

  /**
   * The statistics as a table, a row a column in the reference's order: {@code column}, {@code
   * kind}, {@code mean_reference}, {@code mean_current}, {@code sd_reference}, {@code sd_current},
   * {@code missing_reference}, {@code missing_current}, {@code psi}. Named after the reference with
   * {@code -drift}.
   */
  public Table toTable() {
    StringColumn column = StringColumn.create("column");
    StringColumn kind = StringColumn.create("kind");
    DoubleColumn meanReference = DoubleColumn.create("mean_reference");
    DoubleColumn meanCurrent = DoubleColumn.create("mean_current");
    DoubleColumn sdReference = DoubleColumn.create("sd_reference");
    DoubleColumn sdCurrent = DoubleColumn.create("sd_current");
    DoubleColumn missingReference = DoubleColumn.create("missing_reference");
    DoubleColumn missingCurrent = DoubleColumn.create("missing_current");
    DoubleColumn psi = DoubleColumn.create("psi");
    for (ColumnDrift d : columns.values()) {
      column.append(d.column());
      kind.append(d.kind().name().toLowerCase(Locale.ROOT));
      meanReference.append(d.meanReference());
      meanCurrent.append(d.meanCurrent());
      sdReference.append(d.sdReference());
      sdCurrent.append(d.sdCurrent());
      missingReference.append(d.missingReference());
      missingCurrent.append(d.missingCurrent());
      psi.append(d.psi());
    }
    String name = reference.name() == null || reference.name().isBlank() ? "" : reference.name();
    return Table.create(
        name.isEmpty() ? "drift" : name + "-drift",
        column,
        kind,
        meanReference,
        meanCurrent,
        sdReference,
        sdCurrent,
        missingReference,
        missingCurrent,
        psi);
  }

  @Override
  public MimeBundle mimeBundle() {
    List<String> header = List.of("column", "PSI", "verdict", "mean", "sd", "missing");
    List<List<String>> rows = new ArrayList<>();
    for (ColumnDrift d : largestFirst()) {
      boolean numeric = d.kind() == Kind.NUMERIC;
      rows.add(
          List.of(
              d.column(),
              Double.isNaN(d.psi()) ? "" : String.format(Locale.ROOT, "%.4f", d.psi()),
              d.verdict(),
              numeric ? number(d.meanReference()) + " → " + number(d.meanCurrent()) : "",
              numeric ? number(d.sdReference()) + " → " + number(d.sdCurrent()) : "",
              percent(d.missingReference()) + " → " + percent(d.missingCurrent())));
    }
    String title =
        String.format(
            Locale.ROOT,
            "Drift of %s from %s: %d columns, PSI max %.4f (%d quantile bins)",
            label(current),
            label(reference),
            columns.size(),
            maxPsi(),
            bins);
    String note = skipped.isEmpty() ? "" : "Not compared (types differ or unsupported): " + skipped;
    StringBuilder html = new StringBuilder("<p>").append(Html.escape(title)).append("</p>\n");
    html.append(Html.table(header, rows));
    StringBuilder text = new StringBuilder(title).append('\n').append(Html.text(header, rows));
    if (!note.isEmpty()) {
      html.append("\n<p>").append(Html.escape(note)).append("</p>");
      text.append('\n').append(note);
    }
    return MimeBundle.html(html.toString(), text.toString());
  }

  @Override
  public String toString() {
    return mimeBundle().data().get("text/plain");
  }

  private List<ColumnDrift> largestFirst() {
    List<ColumnDrift> sorted = new ArrayList<>(columns.values());
    // NaN last: Double.compare puts NaN above every number.
    sorted.sort(
        Comparator.comparing((ColumnDrift d) -> Double.isNaN(d.psi()))
            .thenComparing(ColumnDrift::psi, Comparator.reverseOrder()));
    return sorted;
  }

  private static ColumnDrift numeric(NumberColumn<?, ?> r, NumberColumn<?, ?> c, int bins) {
    return new ColumnDrift(
        r.name(),
        Kind.NUMERIC,
        r.mean(),
        c.mean(),
        r.standardDeviation(),
        c.standardDeviation(),
        missingShare(r),
        missingShare(c),
        numericPsi(present(r.asDoubleArray()), present(c.asDoubleArray()), bins));
  }

  private static ColumnDrift categorical(Column<?> r, Column<?> c) {
    return new ColumnDrift(
        r.name(),
        Kind.CATEGORICAL,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        missingShare(r),
        missingShare(c),
        categoricalPsi(values(r), values(c)));
  }

  private static boolean categorical(Column<?> column) {
    return column.type() == ColumnType.STRING || column.type() == ColumnType.BOOLEAN;
  }

  private static double missingShare(Column<?> column) {
    return column.isEmpty() ? 0 : column.countMissing() / (double) column.size();
  }

  private static double[] present(double[] values) {
    return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
  }

  private static List<String> values(Column<?> column) {
    List<String> out = new ArrayList<>(column.size());
    for (int i = 0; i < column.size(); i++) {
      if (!column.isMissing(i)) {
        out.add(column.getString(i));
      }
    }
    return out;
  }

  /**
   * The PSI of {@code actual} against {@code expected} over {@code bins} quantile bins of {@code
   * expected}: bin {@code i} ends at the sorted {@code expected}'s value at {@code floor(i (n - 1)
   * / bins)}, inclusive. NaN when either side is empty.
   */
  static double numericPsi(double[] expected, double[] actual, int bins) {
    if (expected.length == 0 || actual.length == 0) {
      return Double.NaN;
    }
    double[] sorted = expected.clone();
    Arrays.sort(sorted);
    double[] edges = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      edges[i - 1] = sorted[(int) Math.floor((long) i * (sorted.length - 1) / (double) bins)];
    }
    double[] e = new double[bins];
    double[] a = new double[bins];
    for (double v : expected) {
      e[bin(edges, v)]++;
    }
    for (double v : actual) {
      a[bin(edges, v)]++;
    }
    double sum = 0;
    for (int i = 0; i < bins; i++) {
      double pe = Math.max(e[i] / expected.length, FLOOR);
      double pa = Math.max(a[i] / actual.length, FLOOR);
      sum += (pa - pe) * Math.log(pa / pe);
    }
    return sum;
  }

  /** The first bin whose upper edge is at least {@code v}; past the last edge, the last bin. */
  private static int bin(double[] edges, double v) {
    int low = 0;
    int high = edges.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (v > edges[mid]) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The PSI over the values seen on either side, in sorted order; NaN when a side is empty. */
  static double categoricalPsi(List<String> expected, List<String> actual) {
    if (expected.isEmpty() || actual.isEmpty()) {
      return Double.NaN;
    }
    Map<String, double[]> counts = new TreeMap<>();
    for (String v : expected) {
      counts.computeIfAbsent(v, k -> new double[2])[0]++;
    }
    for (String v : actual) {
      counts.computeIfAbsent(v, k -> new double[2])[1]++;
    }
    double sum = 0;
    for (double[] n : counts.values()) {
      double pe = Math.max(n[0] / expected.size(), FLOOR);
      double pa = Math.max(n[1] / actual.size(), FLOOR);
      sum += (pa - pe) * Math.log(pa / pe);
    }
    return sum;
  }

  private static String label(Table table) {
    return table.name() == null || table.name().isBlank() ? "a table" : "'" + table.name() + "'";
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}
