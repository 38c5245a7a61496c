package dev.nbfactory.magics.helpers;

import dev.nbfactory.registry.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tribuo.Example;
import org.tribuo.Output;
import org.tribuo.impl.ArrayExample;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * How a table's columns become Tribuo features, the one mapping training ({@link Datasets}) and
 * scoring ({@link Predict}) share, so they cannot drift apart:
 *
 * <ul>
 *   <li>a numeric column is one feature, named as the column; a boolean column is 1 or 0;
 *   <li>a string column is one-hot, its features named {@code column@value} as Tribuo's columnar
 *       processors name them: 1 for the row's value, 0 for the column's other values (those the
 *       table holds when training, those the model knows when scoring), so a standardizing model
 *       learns the spread of each;
 *   <li>a missing value is no feature at all, Tribuo's sparse convention (a model reads an absent
 *       feature as 0 after its own transformations, never as a made-up value);
 *   <li>any other column type (dates, times) is refused, naming the column.
 * </ul>
 *
 * A model that standardizes its features (Tribuo's {@code TransformTrainer} with {@code
 * MeanStdDevTransformation}) should be told to densify, {@code new TransformTrainer<>(trainer, map,
 * true)}, so an absent one-hot or missing feature counts as the 0 it stands for; else a one-hot
 * feature, always 1 where present, has no spread and standardizes to NaN.
 *
 * <p>Columns are read once into arrays, so a row costs no lookups by name.
 */
public final class TableFeatures {
  /** Joins a string column's name and value into a feature name, as Tribuo's processors do. */
  public static final String JOINER = "@";

  private final List<String> columns;
  private final double[][] numbers;
  private final String[][] strings;
  private final String[][] categories;
  private final int rows;

  private TableFeatures(Table table, List<String> columns, Map<String, List<String>> known) {
    this.columns = List.copyOf(columns);
    this.rows = table.rowCount();
    this.numbers = new double[columns.size()][];
    this.strings = new String[columns.size()][];
    this.categories = new String[columns.size()][];
    // Tablesaw looks a name up case-insensitively, lower-casing every column's name each time: a
    // server scoring one row of 30 features paid for that about a thousand times a request.
    Map<String, Column<?>> byName = new java.util.HashMap<>();
    for (Column<?> column : table.columns()) {
      byName.putIfAbsent(column.name(), column);
    }
    for (int c = 0; c < columns.size(); c++) {
      String name = columns.get(c);
      Column<?> exact = byName.get(name);
      Column<?> column = exact != null ? exact : column(table, name);
      if (column instanceof NumericColumn<?> n) {
        numbers[c] = new double[rows];
        for (int r = 0; r < rows; r++) {
          numbers[c][r] = n.isMissing(r) ? Double.NaN : n.getDouble(r);
        }
      } else if (column instanceof BooleanColumn b) {
        numbers[c] = new double[rows];
        for (int r = 0; r < rows; r++) {
          numbers[c][r] = b.isMissing(r) ? Double.NaN : b.get(r) ? 1 : 0;
        }
      } else if (column instanceof StringColumn s) {
        strings[c] = new String[rows];
        Set<String> seen = new TreeSet<>();
        for (int r = 0; r < rows; r++) {
          strings[c][r] = s.isMissing(r) ? null : s.get(r);
          if (strings[c][r] != null) {
            seen.add(strings[c][r]);
          }
        }
        List<String> values =
            known == null ? List.copyOf(seen) : known.getOrDefault(name, List.of());
        categories[c] = values.toArray(String[]::new);
      } else {
        throw new InvalidInputException(
            "column '"
                + name
                + "' is "
                + column.type().name()
                + ", which cannot be a feature: numbers, booleans and strings can; drop it"
                + " (table.removeColumns(\""
                + name
                + "\")) or turn it into one of those");
      }
    }
  }

  /**
   * The mapping of {@code columns} of {@code table} for training: a string column's one-hot
   * features are the values it holds. Throws naming a column it cannot map.
   */
  public static TableFeatures of(Table table, List<String> columns) {
    return new TableFeatures(table, columns, null);
  }

  /**
   * As {@link #of(Table, List)} for scoring: a string column's one-hot features are the values in
   * {@code categories} (the model's), whatever the table holds.
   */
  public static TableFeatures of(
      Table table, List<String> columns, Map<String, List<String>> categories) {
    return new TableFeatures(table, columns, categories);
  }

  /** The columns mapped, in order. */
  public List<String> columns() {
    return columns;
  }

  public int rows() {
    return rows;
  }

  /** Whether {@code column} is one-hot encoded (a string column) rather than one number. */
  public boolean isOneHot(String column) {
    return strings[columns.indexOf(column)] != null;
  }

  /** Row {@code row} as an example with {@code output}; missing values are left out. */
  public <T extends Output<T>> Example<T> example(int row, T output) {
    int width = 0;
    for (int c = 0; c < columns.size(); c++) {
      width += numbers[c] != null ? 1 : categories[c].length;
    }
    String[] names = new String[width];
    double[] values = new double[width];
    int n = 0;
    for (int c = 0; c < columns.size(); c++) {
      if (numbers[c] != null) {
        double v = numbers[c][row];
        if (!Double.isNaN(v)) {
          names[n] = columns.get(c);
          values[n++] = v;
        }
      } else if (strings[c][row] != null) {
        // a value the model never saw sets none of its features: the model could not use it
        String value = strings[c][row];
        for (String category : categories[c]) {
          names[n] = columns.get(c) + JOINER + category;
          values[n++] = category.equals(value) ? 1 : 0;
        }
      }
    }
    if (n < names.length) {
      names = java.util.Arrays.copyOf(names, n);
      values = java.util.Arrays.copyOf(values, n);
    }
    return new ArrayExample<>(output, names, values);
  }

  /** The column {@code name}; throws naming the columns there are when the table lacks it. */
  static Column<?> column(Table table, String name) {
    if (!table.containsColumn(name)) {
      throw new InvalidInputException(
          "table '"
              + table.name()
              + "' has no column '"
              + name
              + "': it has "
              + table.columnNames());
    }
    return table.column(name);
  }

  /** Every column of {@code table} but {@code excluded}, in the table's order. */
  static List<String> allBut(Table table, List<String> excluded) {
    List<String> out = new ArrayList<>(table.columnNames());
    out.removeAll(excluded);
    return out;
  }
}
