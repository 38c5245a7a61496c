package dev.nbfactory.magics.lineage;

/** Text made safe for XML content and attribute values, whatever its source. */
final class Xml {
  private Xml() {}

  /**
   * Escapes the five XML specials and replaces what XML 1.0 cannot hold at all (control characters
   * other than tab and line breaks, lone surrogates, U+FFFE and U+FFFF) with U+FFFD.
   */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                  if (allowed(c)) {
                    out.appendCodePoint(c);
                  } else {
                    out.append('\uFFFD');
                  }
                }
              }
            });
    return out.toString();
  }

  private static boolean allowed(int c) {
    if (c < 0x20) {
      return c == '\t' || c == '\n' || c == '\r';
    }
    if (c > Character.MAX_VALUE) {
      return true;
    }
    return !Character.isSurrogate((char) c) && c != 0xFFFE && c != 0xFFFF;
  }
}
