package dev.nbfactory.kernel.render;

import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Shows a Tablesaw {@link Table} as an HTML table: column names with their types, the first and
 * last rows when it is large, and its shape. Plain text is Tablesaw's own printout.
 */
public final class TableRenderer {
  /** Tables up to this many rows are shown whole. */
  static final int ALL_ROWS_UP_TO = 20;

  static final int HEAD_ROWS = 10;
  static final int TAIL_ROWS = 5;

  private TableRenderer() {}

  public static void register(Renderer renderer) {
    renderer
        .createRegistration(Table.class)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register(TableRenderer::render);
  }

  static void render(Table table, RenderContext context) {
    context.renderIfRequested(MIMEType.TEXT_HTML, () -> html(table));
    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text(table));
  }

  static String text(Table table) {
    int rows = table.rowCount();
    String shape = rows + " rows × " + table.columnCount() + " columns";
    if (rows <= ALL_ROWS_UP_TO) {
      return table.printAll() + "\n" + shape;
    }
    return table.first(HEAD_ROWS).printAll() + "\n...\n" + shape;
  }

  static String html(Table table) {
    int rows = table.rowCount();
    StringBuilder out = new StringBuilder(1024);
    out.append("<div class=\"factory-table\"><table class=\"dataframe\" border=\"1\">");
    if (table.name() != null && !table.name().isBlank()) {
      out.append("<caption>").append(escape(table.name())).append("</caption>");
    }
    out.append("<thead><tr><th></th>");
    for (Column<?> c : table.columns()) {
      out.append("<th>")
          .append(escape(c.name()))
          .append("<br><small>")
          .append(escape(c.type().name()))
          .append("</small></th>");
    }
    out.append("</tr></thead><tbody>");
    if (rows <= ALL_ROWS_UP_TO) {
      rows(table, 0, rows, out);
    } else {
      rows(table, 0, HEAD_ROWS, out);
      out.append("<tr><td>…</td>");
      out.append("<td>…</td>".repeat(table.columnCount()));
      out.append("</tr>");
      rows(table, rows - TAIL_ROWS, rows, out);
    }
    out.append("</tbody></table><p>")
        .append(rows)
        .append(" rows × ")
        .append(table.columnCount())
        .append(" columns</p></div>");
    return out.toString();
  }

  private static void rows(Table table, int from, int to, StringBuilder out) {
    for (int r = from; r < to; r++) {
      out.append("<tr><th>").append(r).append("</th>");
      for (Column<?> c : table.columns()) {
        out.append("<td>").append(escape(c.getString(r))).append("</td>");
      }
      out.append("</tr>");
    }
  }

  static String escape(String s) {
    return Html.escape(s);
  }
}
