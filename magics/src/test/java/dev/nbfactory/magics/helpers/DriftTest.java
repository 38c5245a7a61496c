package dev.nbfactory.magics.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DriftTest {
  private static final Path CANCER = Path.of("../data/breast_cancer_wisconsin.csv");

  @RegisterExtension TempRegistry temp = new TempRegistry();

  private static Table numbers(String name, double... values) {
    return Table.create(name, DoubleColumn.create("x", values));
  }

  /**
   * Reference 1..10 in 2 bins: the edge is the sorted value at floor(1 * 9 / 2) = 4, i.e. 5, so the
   * reference's shares are 5/10 and 5/10. Current {1, 2, 3, 6, 7, 8, 9, 10, 11, 12}: 3 values up to
   * 5, 7 above, shares 0.3 and 0.7. PSI = (0.3 - 0.5) ln(0.3 / 0.5) + (0.7 - 0.5) ln(0.7 / 0.5) =
   * 0.2 (0.5108256 + 0.3364722) = 0.1694596.
   */
  @Test
  void twoBinsByHand() {
    Drift d =
        Drift.between(
            numbers("ref", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            numbers("now", 1, 2, 3, 6, 7, 8, 9, 10, 11, 12),
            2);
    assertThat(d.psi("x")).isCloseTo(0.16945957207744072, within(1e-15));
  }

  /**
   * Reference 1..10 in 4 bins: edges at sorted positions floor(9/4) = 2, floor(18/4) = 4 and
   * floor(27/4) = 6, i.e. 3, 5 and 7; shares {1,2,3} 0.3, {4,5} 0.2, {6,7} 0.2, {8,9,10} 0.3.
   * Current {1, 2, 2, 3, 4, 4, 5, 5, 5, 9}: 0.4, 0.5, 0 (floored to 0.0001) and 0.1. PSI = 0.1
   * ln(4/3) + 0.3 ln(2.5) + (0.0001 - 0.2) ln(0.0001 / 0.2) + (-0.2) ln(1/3) = 0.0287682 +
   * 0.2748872 + 1.5194204 + 0.2197225 = 2.0427983.
   */
  @Test
  void fourBinsWithAnEmptyBinByHand() {
    Table ref = numbers("ref", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    Table now = numbers("now", 1, 2, 2, 3, 4, 4, 5, 5, 5, 9);
    assertThat(Drift.between(ref, now, 4).psi("x")).isCloseTo(2.0427982862035092, within(1e-12));
    assertThat(Drift.between(ref, now).bins(4).psi("x"))
        .isEqualTo(Drift.between(ref, now, 4).psi("x"));
    assertThat(Drift.between(ref, now).bins()).isEqualTo(10);
  }

  /**
   * Reference {a, a, a, b}, current {a, b, b, c}: shares a 0.75 / 0.25, b 0.25 / 0.5, c 0 (floored
   * to 0.0001) / 0.25. PSI = -0.5 ln(1/3) + 0.25 ln 2 + 0.2499 ln 2500 = 0.5493061 + 0.1732868 +
   * 1.9552291 = 2.6778220.
   */
  @Test
  void categoriesByHand() {
    Table ref = Table.create("ref", StringColumn.create("c", "a", "a", "a", "b"));
    Table now = Table.create("now", StringColumn.create("c", "a", "b", "b", "c"));
    Drift d = Drift.between(ref, now);
    assertThat(d.psi("c")).isCloseTo(2.6778220375870285, within(1e-12));
    assertThat(d.column("c").kind()).isEqualTo(ColumnDrift.Kind.CATEGORICAL);
    assertThat(d.column("c").meanReference()).isNaN();
  }

  @Test
  void identicalTablesHaveNoDrift() {
    Table cancer = Table.read().csv(CANCER.toFile());
    Drift d = Drift.between(cancer, cancer.copy());
    assertThat(d.columns()).hasSize(31); // 30 measures and the diagnosis
    assertThat(d.columns()).allSatisfy(c -> assertThat(c.psi()).isZero());
    assertThat(d.maxPsi()).isZero();
    assertThat(d.above(0)).isEmpty();
  }

  @Test
  void aShiftedColumnHasALargePsiAndTheStatisticsOfBothSides() {
    Table cancer = Table.read().csv(CANCER.toFile());
    Table malignant = cancer.where(cancer.stringColumn("diagnosis").isEqualTo("malignant"));
    Drift d = Drift.between(cancer, malignant);
    assertThat(d.psi("mean_radius")).isGreaterThan(0.25);
    assertThat(d.psi("diagnosis")).isGreaterThan(0.25);
    assertThat(d.maxPsi()).isGreaterThan(1);
    assertThat(d.above(0.25)).contains("mean_radius", "diagnosis");
    ColumnDrift radius = d.column("mean_radius");
    assertThat(radius.kind()).isEqualTo(ColumnDrift.Kind.NUMERIC);
    assertThat(radius.meanReference()).isEqualTo(cancer.numberColumn("mean_radius").mean());
    assertThat(radius.meanCurrent()).isGreaterThan(radius.meanReference());
    assertThat(radius.sdCurrent())
        .isEqualTo(malignant.numberColumn("mean_radius").standardDeviation());
    assertThat(radius.missingCurrent()).isZero();
    assertThat(radius.verdict()).isEqualTo("significant");
  }

  /** The PSI the drift-check template computed by hand before it used Drift, as it was written. */
  private static double templatePsi(double[] expected, double[] actual, int bins) {
    double[] sorted = expected.clone();
    Arrays.sort(sorted);
    double[] edges = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      edges[i - 1] = sorted[(int) Math.floor(i * (sorted.length - 1) / (double) bins)];
    }
    double[] e = new double[bins];
    double[] a = new double[bins];
    for (double v : expected) {
      e[templateBin(edges, v)]++;
    }
    for (double v : actual) {
      a[templateBin(edges, v)]++;
    }
    double sum = 0;
    for (int i = 0; i < bins; i++) {
      double pe = Math.max(e[i] / expected.length, 1e-4);
      double pa = Math.max(a[i] / actual.length, 1e-4);
      sum += (pa - pe) * Math.log(pa / pe);
    }
    return sum;
  }

  private static int templateBin(double[] edges, double v) {
    int i = 0;
    while (i < edges.length && v > edges[i]) {
      i++;
    }
    return i;
  }

  private static double[] present(NumberColumn<?, ?> c) {
    return Arrays.stream(c.asDoubleArray()).filter(v -> !Double.isNaN(v)).toArray();
  }

  @Test
  void numericPsiEqualsTheTemplatesOwnOnTheRealData() {
    Table cancer = Table.read().csv(CANCER.toFile());
    Table malignant = cancer.where(cancer.stringColumn("diagnosis").isEqualTo("malignant"));
    Table firstHalf = cancer.first(300);
    for (int bins : new int[] {2, 5, 10, 37}) {
      for (Table current : List.of(malignant, firstHalf)) {
        Drift d = Drift.between(cancer, current, bins);
        for (String name : cancer.columnNames()) {
          if (cancer.column(name) instanceof NumberColumn<?, ?> r) {
            NumberColumn<?, ?> c = (NumberColumn<?, ?>) current.column(name);
            assertThat(d.psi(name)).as(name).isEqualTo(templatePsi(present(r), present(c), bins));
          }
        }
      }
    }
  }

  @Test
  void missingValuesAreLeftOutOfThePsiAndCountedAsShares() {
    Table ref = Table.create("ref", DoubleColumn.create("x", 1, 2, 3, 4));
    Table now = Table.create("now", DoubleColumn.create("x", 1, 2, Double.NaN, Double.NaN));
    ColumnDrift x = Drift.between(ref, now, 2).column("x");
    assertThat(x.missingReference()).isZero();
    assertThat(x.missingCurrent()).isEqualTo(0.5);
    assertThat(x.meanCurrent()).isEqualTo(1.5);
    assertThat(x.psi())
        .isCloseTo(templatePsi(new double[] {1, 2, 3, 4}, new double[] {1, 2}, 2), within(0.0));

    Table empty = Table.create("now", DoubleColumn.create("x", Double.NaN, Double.NaN));
    Drift none = Drift.between(ref, empty);
    assertThat(none.psi("x")).isNaN();
    assertThat(none.column("x").verdict()).isEqualTo("no values");
    assertThat(none.maxPsi()).isZero();
  }

  @Test
  void columnsOnOneSideOrOfDifferentTypesAreNotCompared() {
    Table ref =
        Table.create(
            "ref",
            DoubleColumn.create("x", 1, 2),
            DoubleColumn.create("gone", 1, 2),
            StringColumn.create("code", "1", "2"),
            DateColumn.create(
                "day", java.time.LocalDate.of(2026, 1, 1), java.time.LocalDate.of(2026, 1, 2)));
    Table now =
        Table.create(
            "now",
            DoubleColumn.create("x", 1, 2),
            DoubleColumn.create("code", 1, 2),
            DateColumn.create(
                "day", java.time.LocalDate.of(2026, 1, 1), java.time.LocalDate.of(2026, 1, 2)),
            DoubleColumn.create("new", 1, 2));
    Drift d = Drift.between(ref, now);
    assertThat(d.columns()).extracting(ColumnDrift::column).containsExactly("x");
    assertThat(d.skipped()).containsExactly("code", "day");
    assertThatThrownBy(() -> d.psi("gone"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gone'")
        .hasMessageContaining("not in both tables")
        .hasMessageContaining("[x]");
    assertThatThrownBy(() -> d.psi("code")).hasMessageContaining("types differ");
    assertThatThrownBy(() -> Drift.between(ref, now, 1)).hasMessageContaining("at least 2 bins");
    assertThat(d.toString()).contains("Not compared (types differ or unsupported): [code, day]");
  }

  @Test
  void showsAsATableLargestPsiFirstAndConvertsToATablesawTable() {
    Table ref =
        Table.create(
            "cancer",
            DoubleColumn.create("calm", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            DoubleColumn.create("moved", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            StringColumn.create("kind", "a", "a", "a", "a", "a", "b", "b", "b", "b", "<b>"));
    Table now =
        Table.create(
            "cancer",
            DoubleColumn.create("calm", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
            DoubleColumn.create("moved", 11, 12, 13, 14, 15, 16, 17, 18, 19, 20),
            StringColumn.create("kind", "a", "a", "a", "a", "a", "b", "b", "b", "b", "<b>"));
    Drift d = Drift.between(ref, now);
    String text = d.toString();
    assertThat(text)
        .startsWith("Drift of 'cancer' from 'cancer': 3 columns, PSI max ")
        .contains("(10 quantile bins)");
    assertThat(text.indexOf("moved")).isLessThan(text.indexOf("calm"));
    assertThat(text).contains("5.500 → 15.50").contains("0.0% → 0.0%").contains("significant");
    Map<String, String> bundle = d.mimeBundle().data();
    assertThat(bundle.get("text/html"))
        .contains("<table class=\"factory\">")
        .contains("<th>PSI</th>")
        .doesNotContain("<b>");
    assertThat(bundle.get("text/plain")).isEqualTo(text);

    Table t = d.toTable();
    assertThat(t.name()).isEqualTo("cancer-drift");
    assertThat(t.columnNames())
        .containsExactly(
            "column",
            "kind",
            "mean_reference",
            "mean_current",
            "sd_reference",
            "sd_current",
            "missing_reference",
            "missing_current",
            "psi");
    assertThat(t.stringColumn("column").asList()).containsExactly("calm", "moved", "kind");
    assertThat(t.stringColumn("kind").asList())
        .containsExactly("numeric", "numeric", "categorical");
    assertThat(t.doubleColumn("psi").get(1)).isEqualTo(d.psi("moved"));
  }

  @Test
  void recordWritesEachColumnsPsiAndTheMaximumOnTheOpenRun() {
    FactorySession session =
        new FactorySession(NotebookContext.builder().registry(temp.get()).build());
    FactorySession previous = FactorySession.install(session);
    try {
      Run run = session.stage("drift-check");
      Table ref = numbers("ref", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      Table now = numbers("now", 1, 2, 3, 6, 7, 8, 9, 10, 11, 12);
      ref.addColumns(DoubleColumn.create("empty", 10));
      now.addColumns(DoubleColumn.create("empty", 10));
      Drift d = Drift.between(ref, now, 2);
      assertThat(d.record()).isSameAs(d);
      Map<String, Double> metrics =
          temp.get().metrics(run.id()).stream()
              .collect(Collectors.toMap(Metric::key, Metric::value));
      assertThat(metrics)
          .containsOnlyKeys("psi.x", "psi_max") // no PSI for a column without values
          .containsEntry("psi.x", d.psi("x"))
          .containsEntry("psi_max", d.psi("x"));
    } finally {
      FactorySession.install(previous);
      session.close();
    }
  }
}
