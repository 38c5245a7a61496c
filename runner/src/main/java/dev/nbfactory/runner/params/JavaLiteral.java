package dev.nbfactory.runner.params;

/**
 * Java source text for string values. Java expands unicode escapes (a backslash, then u and four
 * hex digits) before it lexes, so such text inside a value must reach the compiler with its
 * backslash doubled; line breaks and other control characters become escapes; characters outside
 * ASCII become unicode escapes so that the cell is plain ASCII whatever encoding a tool uses on it.
 */
public final class JavaLiteral {
  /**
   * A string constant is limited to 65,535 bytes in a class file; longer values are joined at run
   * time from pieces well under it.
   */
  static final int MAX_PIECE = 8_000;

  private JavaLiteral() {}

  /** An expression of type String whose value is {@code value}, exactly. */
  public static String string(String value) {
    if (value.length() <= MAX_PIECE) {
      return quote(value);
    }
    StringBuilder out = new StringBuilder("String.join(\"\"");
    int i = 0;
    while (i < value.length()) {
      int end = Math.min(value.length(), i + MAX_PIECE);
      if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
        end--; // keep a surrogate pair in one piece
      }
      out.append(",\n    ").append(quote(value.substring(i, end)));
      i = end;
    }
    return out.append(")").toString();
  }

  /** A double-quoted literal. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\%03o", (int) c)); // octal: never a unicode escape
          } else if (c > 0x7e) {
            out.append(
                String.format(
                    "\\%s%04x", "u", (int) c)); // a unicode escape: ASCII only in the cell
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A char literal. */
  static String character(char c) {
    if (c == '\'') {
      return "'\\''";
    }
    if (c == '"') {
      return "'\"'";
    }
    String q = quote(String.valueOf(c));
    return "'" + q.substring(1, q.length() - 1) + "'";
  }
}
