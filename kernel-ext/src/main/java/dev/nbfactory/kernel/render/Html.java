package dev.nbfactory.kernel.render;

import java.util.Locale;

/**
 * HTML helpers for renderers: every text that comes from an object goes through {@link #escape}.
 */
final class Html {
  private Html() {}

  /** {@code s} safe inside an element or a double-quoted attribute. */
  static String escape(String s) {
    return dev.nbfactory.magics.magic.Html.escape(s);
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
