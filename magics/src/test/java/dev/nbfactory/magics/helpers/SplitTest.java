package dev.nbfactory.magics.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class SplitTest {
  private static final Path CANCER = Path.of("../data/breast_cancer_wisconsin.csv");

  /** 100 rows: an id, and a label that is "a" for 70 of them and "b" for 30. */
  private static Table labelled() {
    int[] ids = new int[100];
    String[] labels = new String[100];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
      labels[i] = i % 10 < 7 ? "a" : "b";
    }
    return Table.create(
        "points", IntColumn.create("id", ids), StringColumn.create("label", labels));
  }

  private static List<Integer> ids(Table t) {
    return t.intColumn("id").asList();
  }

  @Test
  void theSameSeedGivesTheSameRowsAndAnotherSeedOthers() {
    Table t = labelled();
    Split a = Split.stratified(t, "label", 0.25, 7);
    Split b = Split.stratified(t, "label", 0.25, 7);
    Split c = Split.stratified(t, "label", 0.25, 8);
    assertThat(ids(a.test())).isEqualTo(ids(b.test()));
    assertThat(ids(a.train())).isEqualTo(ids(b.train()));
    assertThat(ids(c.test())).isNotEqualTo(ids(a.test()));

    Split r = Split.random(t, 0.25, 7);
    assertThat(ids(r.test())).isEqualTo(ids(Split.random(t, 0.25, 7).test()));
    assertThat(ids(r.test())).isNotEqualTo(ids(Split.random(t, 0.25, 8).test()));
  }

  @Test
  void everyRowLandsOnceInSourceOrderInTablesNamedAfterTheSource() {
    Table t = labelled();
    for (Split s : List.of(Split.stratified(t, "label", 0.3, 1), Split.random(t, 0.3, 1))) {
      List<Integer> all = new ArrayList<>(ids(s.train()));
      all.addAll(ids(s.test()));
      Collections.sort(all);
      assertThat(all).isEqualTo(ids(t));
      assertThat(ids(s.train())).isSorted();
      assertThat(ids(s.test())).isSorted().hasSize(30);
      assertThat(s.train().name()).isEqualTo("points-train");
      assertThat(s.test().name()).isEqualTo("points-test");
      assertThat(s.train().columnNames()).isEqualTo(t.columnNames());
    }
    Split named = Split.random(t, 0.3, 1).named("cancer");
    assertThat(named.train().name()).isEqualTo("cancer-train");
    assertThat(named.test().name()).isEqualTo("cancer-test");
    assertThat(named.toString())
        .isEqualTo("Split[train=cancer-train (70 rows), test=cancer-test (30 rows)]");
  }

  @Test
  void aStratifiedSplitKeepsEachLabelsShare() {
    Split s = Split.stratified(labelled(), "label", 0.2, 3);
    assertThat(s.test().stringColumn("label").isEqualTo("a").size()).isEqualTo(14); // 70 * 0.2
    assertThat(s.test().stringColumn("label").isEqualTo("b").size()).isEqualTo(6); // 30 * 0.2
    assertThat(s.train().stringColumn("label").isEqualTo("b").size()).isEqualTo(24);
  }

  @Test
  void aNumericLabelColumnIsStratifiedByItsText() {
    Table t = labelled();
    t.addColumns(
        IntColumn.create(
            "group", t.intColumn("id").asList().stream().mapToInt(i -> i % 3).toArray()));
    Split s = Split.stratified(t, "group", 0.5, 11);
    for (int g = 0; g < 3; g++) {
      int all = t.intColumn("group").isEqualTo(g).size();
      assertThat(s.test().intColumn("group").isEqualTo(g).size())
          .isEqualTo((int) Math.round(all * 0.5));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 1, -0.1, 1.5, Double.NaN})
  void aFractionOutsideZeroToOneIsRefused(double fraction) {
    assertThatThrownBy(() -> Split.random(labelled(), fraction, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> Split.stratified(labelled(), "label", fraction, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 1");
  }

  @Test
  void aMissingLabelColumnIsNamed() {
    assertThatThrownBy(() -> Split.stratified(labelled(), "diagnosis", 0.25, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'diagnosis'")
        .hasMessageContaining("[id, label]");
  }

  /** The split notebooks/02-features.ipynb wrote by hand, which the demo's results depend on. */
  @ParameterizedTest
  @ValueSource(longs = {42, 7})
  void equalsTheExampleNotebooksHandWrittenSplitOnTheRealData(long seed) {
    Table clean = Table.read().csv(CANCER.toFile()).dropDuplicateRows().dropRowsWithMissingValues();
    double testFraction = 0.25;

    Random random = new Random(seed);
    List<Integer> trainRows = new ArrayList<>();
    List<Integer> testRows = new ArrayList<>();
    StringColumn diagnosis = clean.stringColumn("diagnosis");
    for (String label : new TreeSet<>(diagnosis.asSet())) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < clean.rowCount(); i++) {
        if (diagnosis.get(i).equals(label)) {
          rows.add(i);
        }
      }
      Collections.shuffle(rows, random);
      int held = (int) Math.round(rows.size() * testFraction);
      testRows.addAll(rows.subList(0, held));
      trainRows.addAll(rows.subList(held, rows.size()));
    }
    Collections.sort(trainRows);
    Collections.sort(testRows);
    Table train = clean.rows(trainRows.stream().mapToInt(Integer::intValue).toArray());
    Table test = clean.rows(testRows.stream().mapToInt(Integer::intValue).toArray());

    Split split = Split.stratified(clean, "diagnosis", testFraction, seed);
    assertThat(clean.rowCount()).isEqualTo(569);
    assertThat(split.train().rowCount()).isEqualTo(train.rowCount());
    assertThat(split.test().rowCount()).isEqualTo(test.rowCount()).isEqualTo(142);
    assertThat(split.train().write().toString("csv")).isEqualTo(train.write().toString("csv"));
    assertThat(split.test().write().toString("csv")).isEqualTo(test.write().toString("csv"));
  }
}
