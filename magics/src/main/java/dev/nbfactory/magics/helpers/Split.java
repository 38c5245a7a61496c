package dev.nbfactory.magics.helpers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A table split in two, the same rows for the same seed: {@code Split.stratified(clean,
 * "diagnosis", 0.25, seed)} or {@code Split.random(clean, 0.25, seed)}. Both keep the rows in their
 * source order; the tables are named after the source, with {@code -train} and {@code -test}
 * ({@link #named} changes that). Tablesaw's own {@code stratifiedSampleSplit} takes no seed.
 */
public record Split(Table train, Table test) {

  /**
   * Holds out {@code testFraction} of each label's rows, rounded to the nearest row. Labels are the
   * label column's values as text ({@code getString}), taken in sorted order; each label's rows, in
   * table order, are shuffled with one {@code new Random(seed)} shared by all labels, and the first
   * {@code Math.round(rows * testFraction)} of them are held out. Missing labels are a label of
   * their own (the empty text).
   *
   * @throws IllegalArgumentException when the column does not exist or the fraction is not strictly
   *     between 0 and 1
   */
  public static Split stratified(Table table, String labelColumn, double testFraction, long seed) {
    checkFraction(testFraction);
    if (!table.containsColumn(labelColumn)) {
      throw new IllegalArgumentException(
          "no column '"
              + labelColumn
              + "' to stratify by in table '"
              + table.name()
              + "'; its columns: "
              + table.columnNames());
    }
    Column<?> labels = table.column(labelColumn);
    Map<String, List<Integer>> rowsByLabel = new TreeMap<>();
    for (int i = 0; i < table.rowCount(); i++) {
      rowsByLabel.computeIfAbsent(labels.getString(i), k -> new ArrayList<>()).add(i);
    }
    Random random = new Random(seed);
    List<Integer> trainRows = new ArrayList<>();
    List<Integer> testRows = new ArrayList<>();
    for (List<Integer> rows : rowsByLabel.values()) {
      hold(rows, testFraction, random, trainRows, testRows);
    }
    return of(table, trainRows, testRows);
  }

  /**
   * Holds out {@code testFraction} of all rows, rounded to the nearest row: the rows' numbers are
   * shuffled once with {@code new Random(seed)} and the first ones held out.
   *
   * @throws IllegalArgumentException when the fraction is not strictly between 0 and 1
   */
  public static Split random(Table table, double testFraction, long seed) {
    checkFraction(testFraction);
    List<Integer> rows = new ArrayList<>(table.rowCount());
    for (int i = 0; i < table.rowCount(); i++) {
      rows.add(i);
    }
    List<Integer> trainRows = new ArrayList<>();
    List<Integer> testRows = new ArrayList<>();
    hold(rows, testFraction, new Random(seed), trainRows, testRows);
    return of(table, trainRows, testRows);
  }

  /** Names the tables {@code base-train} and {@code base-test}; returns this split. */
  public Split named(String base) {
    train.setName(base + "-train");
    test.setName(base + "-test");
    return this;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "Split[train=%s (%d rows), test=%s (%d rows)]",
        train.name(),
        train.rowCount(),
        test.name(),
        test.rowCount());
  }

  private static void hold(
      List<Integer> rows,
      double testFraction,
      Random random,
      List<Integer> trainRows,
      List<Integer> testRows) {
    Collections.shuffle(rows, random);
    int held = (int) Math.round(rows.size() * testFraction);
    testRows.addAll(rows.subList(0, held));
    trainRows.addAll(rows.subList(held, rows.size()));
  }

  private static Split of(Table table, List<Integer> trainRows, List<Integer> testRows) {
    Collections.sort(trainRows);
    Collections.sort(testRows);
    String base = table.name() == null || table.name().isBlank() ? "split" : table.name();
    return new Split(rows(table, trainRows), rows(table, testRows)).named(base);
  }

  private static Table rows(Table table, List<Integer> rows) {
    return table.rows(rows.stream().mapToInt(Integer::intValue).toArray());
  }

  private static void checkFraction(double testFraction) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException(
          "the test fraction must be between 0 and 1 (exclusive), such as 0.25; got "
              + testFraction);
    }
  }
}
