package dev.nbfactory.magics.magic;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;

/** Small HTML for magic output; every piece of text that came from data is escaped. */
public final class Html {
  private Html() {}

  /** {@code text} safe inside an element or a quoted attribute; null is empty. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A metric value as tables show it: four decimals, or four significant digits for small values
   * (which four decimals would show as 0), no trailing zeros; "" for null.
   */
  public static String number(Double value) {
    if (value == null) {
      return "";
    }
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value.toString();
    }
    BigDecimal d = new BigDecimal(value);
    BigDecimal shown =
        Math.abs(value) < 1e-3
            ? d.round(new MathContext(4))
            : d.setScale(4, RoundingMode.HALF_EVEN);
    return shown.stripTrailingZeros().toPlainString();
  }

  /** A table; cells are text, escaped here, with line breaks kept as {@code <br>}. */
  public static String table(List<String> header, List<List<String>> rows) {
    StringBuilder out = new StringBuilder("<table class=\"factory\">\n<thead><tr>");
    for (String h : header) {
      out.append("<th>").append(escape(h)).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (List<String> row : rows) {
      out.append("<tr>");
      for (String cell : row) {
        out.append("<td>").append(escape(cell).replace("\n", "<br>")).append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</tbody>\n</table>").toString();
  }

  /** The same table as aligned plain text, for the text/plain fallback. */
  public static String text(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int c = 0; c < header.size(); c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], oneLine(row.get(c)).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString().stripTrailing();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    for (int c = 0; c < cells.size(); c++) {
      String cell = oneLine(cells.get(c));
      out.append(cell);
      if (c < cells.size() - 1) {
        out.append(" ".repeat(widths[c] - cell.length() + 2));
      }
    }
    out.append('\n');
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replace("\n", ", ");
  }
}
