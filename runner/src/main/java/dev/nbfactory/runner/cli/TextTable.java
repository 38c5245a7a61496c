package dev.nbfactory.runner.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows printed in aligned columns two spaces apart, under upper-case headers or (for key-value
 * lists) none; columns marked numeric are aligned right. Trailing spaces are never printed.
 */
final class TextTable {
  private final String[] headers;
  private final int columns;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  private TextTable(String[] headers, int columns) {
    this.headers = headers;
    this.columns = columns;
    this.right = new boolean[columns];
  }

  static TextTable withHeaders(String... headers) {
    return new TextTable(headers.clone(), headers.length);
  }

  /** A table that prints only its rows, such as {@code key value} lists. */
  static TextTable withoutHeaders(int columns) {
    return new TextTable(null, columns);
  }

  /** Aligns the named columns to the right, as numbers read best. */
  TextTable alignRight(String... names) {
    for (String name : names) {
      int index = headers == null ? -1 : Arrays.asList(headers).indexOf(name);
      if (index < 0) {
        throw new IllegalArgumentException("no column " + name);
      }
      right[index] = true;
    }
    return this;
  }

  /** Aligns columns, counted from 0, to the right. */
  TextTable alignRight(int... indexes) {
    for (int index : indexes) {
      right[index] = true;
    }
    return this;
  }

  TextTable add(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells for " + columns + " columns");
    }
    String[] row = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      row[i] = cells[i] == null ? "-" : Format.oneLine(String.valueOf(cells[i]));
    }
    rows.add(row);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  void print(PrintWriter out) {
    print(out, "");
  }

  void print(PrintWriter out, String indent) {
    int[] widths = new int[columns];
    for (int i = 0; i < columns; i++) {
      widths[i] = headers == null ? 0 : width(headers[i]);
      for (String[] row : rows) {
        widths[i] = Math.max(widths[i], width(row[i]));
      }
    }
    if (headers != null) {
      printRow(out, indent, headers, widths);
    }
    for (String[] row : rows) {
      printRow(out, indent, row, widths);
    }
  }

  private void printRow(PrintWriter out, String indent, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder(indent);
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(widths[i] - width(cells[i]));
      line.append(right[i] ? pad + cells[i] : cells[i] + pad);
    }
    out.println(line.toString().stripTrailing());
  }

  private static int width(String text) {
    return text.codePointCount(0, text.length());
  }
}
