package dev.nbfactory.kernel.eval;

/** Small facts about Java source text that JShell does not tell. */
final class JavaSource {
  private JavaSource() {}

  /** Sees the code characters of a source, one at a time; returns false to stop. */
  private interface CodeVisitor {
    boolean visit(int index, char c);
  }

  /**
   * Walks {@code source} outside comments, string, text-block and character literals; a literal is
   * reported as its opening quote, so that "the last character" still sees it.
   */
  private static void scanCode(String source, CodeVisitor visitor) {
    int n = source.length();
    int i = 0;
    while (i < n) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        int end = source.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '"' && source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        if (!visitor.visit(i, c)) {
          return;
        }
        i = end < 0 ? n : end + 3;
      } else if (c == '"' || c == '\'') {
        if (!visitor.visit(i, c)) {
          return;
        }
        i = skipLiteral(source, i, c);
      } else {
        if (!visitor.visit(i, c)) {
          return;
        }
        i++;
      }
    }
  }

  /**
   * Whether the last significant character, outside comments, strings and character literals, is a
   * semicolon.
   */
  static boolean endsWithSemicolon(String source) {
    char[] last = {0};
    scanCode(
        source,
        (i, c) -> {
          if (!Character.isWhitespace(c)) {
            last[0] = c;
          }
          return true;
        });
    return last[0] == ';';
  }

  /**
   * The index just after the first semicolon outside comments, literals and brackets, or -1: where
   * the first statement ends when JShell's own analysis cannot tell (JDK 17 gives up on a switch
   * expression with a {@code throw} rule, for one).
   */
  static int firstStatementEnd(String source) {
    int[] depth = {0};
    int[] end = {-1};
    scanCode(
        source,
        (i, c) -> {
          if (c == '(' || c == '{' || c == '[') {
            depth[0]++;
          } else if (c == ')' || c == '}' || c == ']') {
            depth[0] = Math.max(0, depth[0] - 1);
          } else if (c == ';' && depth[0] == 0) {
            end[0] = i + 1;
            return false;
          }
          return true;
        });
    return end[0];
  }

  private static int skipLiteral(String source, int start, char quote) {
    int i = start + 1;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote || c == '\n') {
        return i + 1;
      } else {
        i++;
      }
    }
    return i;
  }

  /** The 1-based line of {@code offset} in {@code text}. */
  static int lineOf(String text, int offset) {
    int line = 1;
    int end = Math.min(offset, text.length());
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** The offset of the first character that is not whitespace, or the length. */
  static int firstNonWhitespace(String text) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The text of the line that holds {@code offset}, without its line break. */
  static String lineAt(String text, int offset) {
    int o = Math.max(0, Math.min(offset, text.length()));
    int start = text.lastIndexOf('\n', o - 1) + 1;
    int end = text.indexOf('\n', o);
    return text.substring(start, end < 0 ? text.length() : end);
  }

  /** The column (0-based) of {@code offset} in its line. */
  static int columnOf(String text, int offset) {
    int o = Math.max(0, Math.min(offset, text.length()));
    return o - (text.lastIndexOf('\n', o - 1) + 1);
  }
}
