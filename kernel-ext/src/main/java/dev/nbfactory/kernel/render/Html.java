package dev.nbfactory.kernel.render;

import java.util.Locale;

/**
 * HTML helpers for renderers: every text that comes from an object goes through {@link #escape}.
 */
final class Html {
  private Html() {}

  /** {@code s} safe inside an element or a double-quoted attribute. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
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

  /** A metric as shown in tables: four decimals, or NaN. */
  static String number(double v) {
    return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** A count: no decimals when it is whole. */
  static String count(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v)
        ? String.valueOf((long) v)
        : String.format(Locale.ROOT, "%.2f", v);
  }
}
