package dev.nbfactory.magics.lineage;

/**
 * How wide a line of text draws, estimated from Helvetica's published advance widths (Arial and
 * Liberation Sans share them), the fonts the SVG asks for first. No font is loaded, so the estimate
 * is the same on a headless server as on a laptop; a margin covers a fallback font that is a little
 * wider.
 */
final class TextWidth {
  /** Widths of ASCII 32 to 126 in thousandths of an em: Helvetica. */
  private static final short[] REGULAR = {
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    191,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278, // space to /
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556, // 0 to 9
    278,
    278,
    584,
    584,
    584,
    556,
    1015, // : to @
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833, // A to M
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611, // N to Z
    278,
    278,
    278,
    469,
    556,
    333, // [ to `
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833, // a to m
    556,
    556,
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500, // n to z
    334,
    260,
    334,
    584 // { to ~
  };

  /** Widths of ASCII 32 to 126 in thousandths of an em: Helvetica Bold. */
  private static final short[] BOLD = {
    278,
    333,
    474,
    556,
    556,
    889,
    722,
    238,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278, // space to /
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556, // 0 to 9
    333,
    333,
    584,
    584,
    584,
    611,
    975, // : to @
    722,
    722,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    556,
    722,
    611,
    833, // A to M
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611, // N to Z
    333,
    278,
    333,
    584,
    556,
    333, // [ to `
    556,
    611,
    556,
    611,
    556,
    333,
    611,
    611,
    278,
    278,
    556,
    278,
    889, // a to m
    611,
    611,
    611,
    611,
    389,
    556,
    333,
    611,
    556,
    778,
    556,
    556,
    500, // n to z
    389,
    280,
    389,
    584 // { to ~
  };

  /** DejaVu Sans, the usual fallback on Linux, runs up to about 10% wider than Helvetica. */
  private static final double MARGIN = 1.1;

  private TextWidth() {}

  /** The width in pixels of {@code text} at {@code size} pixels. */
  static double of(String text, double size, boolean bold) {
    short[] widths = bold ? BOLD : REGULAR;
    long total = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      total += advance(c, widths);
    }
    return total / 1000.0 * size * MARGIN;
  }

  /** {@code text}, cut short with an ellipsis if it would be wider than {@code max} pixels. */
  static String fit(String text, double max, double size, boolean bold) {
    if (of(text, size, bold) <= max) {
      return text;
    }
    int end = text.length();
    while (end > 0) {
      end = text.offsetByCodePoints(end, -1);
      String cut = text.substring(0, end) + "…";
      if (of(cut, size, bold) <= max) {
        return cut;
      }
    }
    return "…";
  }

  private static int advance(int c, short[] widths) {
    if (c >= 32 && c <= 126) {
      return widths[c - 32];
    }
    if (c == '…') {
      return 1000;
    }
    if (c == '·') {
      return 278;
    }
    int type = Character.getType(c);
    if (type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.FORMAT
        || type == Character.CONTROL) {
      return 0;
    }
    return wide(c) ? 1000 : 667;
  }

  /** East Asian wide characters and emoji, which take a full em. */
  private static boolean wide(int c) {
    return c >= 0x1100 && c <= 0x115F
        || c >= 0x2E80 && c <= 0xA4CF
        || c >= 0xAC00 && c <= 0xD7A3
        || c >= 0xF900 && c <= 0xFAFF
        || c >= 0xFE30 && c <= 0xFE4F
        || c >= 0xFF00 && c <= 0xFF60
        || c >= 0xFFE0 && c <= 0xFFE6
        || c >= 0x1F300 && c <= 0x1FAFF
        || c >= 0x20000 && c <= 0x3FFFD;
  }
}
