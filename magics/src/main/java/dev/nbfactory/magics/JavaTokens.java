package dev.nbfactory.magics;

import dev.nbfactory.registry.FactoryException;
import java.util.ArrayList;
import java.util.List;

/**
 * Enough of Java's lexical grammar to read notebook code without compiling it: comments are
 * skipped, string, char and text-block literals become one token with their value, names, numbers
 * and symbols one token each, all with their offsets in the source.
 */
final class JavaTokens {

  enum Kind {
    IDENT,
    NUMBER,
    STRING,
    CHAR,
    SYMBOL
  }

  record Token(Kind kind, String text, Object value, int start, int end) {
    boolean is(String s) {
      return (kind == Kind.SYMBOL || kind == Kind.IDENT) && text.equals(s);
    }
  }

  private final String src;
  private final boolean lenient;
  private int i;

  /**
   * @param lenient stop at an unterminated literal instead of failing: a cell being read for its
   *     references may be any code, even code that does not compile
   */
  JavaTokens(String src, boolean lenient) {
    this.src = src;
    this.lenient = lenient;
  }

  List<Token> tokens() {
    List<Token> out = new ArrayList<>();
    while (true) {
      int at = i;
      try {
        return tokensInto(out);
      } catch (FactoryException e) {
        if (!lenient) {
          throw e;
        }
        // A literal that is not Java (a shell line's apostrophe): read on from the next line.
        int next = src.indexOf('\n', Math.max(at, i - 1));
        i = next < 0 ? src.length() : Math.max(next, at + 1);
      }
    }
  }

  private List<Token> tokensInto(List<Token> out) {
    while (true) {
      skipSpaceAndComments();
      if (i >= src.length()) {
        return out;
      }
      int start = i;
      char c = src.charAt(i);
      if (src.startsWith("\"\"\"", i)) {
        out.add(new Token(Kind.STRING, "", textBlock(), start, i));
      } else if (c == '"') {
        out.add(new Token(Kind.STRING, "", quoted('"'), start, i));
      } else if (c == '\'') {
        String s = quoted('\'');
        if (s.length() != 1) {
          throw new FactoryException(
              "a char literal holds one character: " + src.substring(start, i));
        }
        out.add(new Token(Kind.CHAR, "", s.charAt(0), start, i));
      } else if (Character.isDigit(c)
          || c == '.' && i + 1 < src.length() && Character.isDigit(src.charAt(i + 1))) {
        String text = number();
        out.add(new Token(Kind.NUMBER, text, numberValue(text), start, i));
      } else if (Character.isJavaIdentifierStart(c) || c == '@') {
        i++;
        while (i < src.length() && Character.isJavaIdentifierPart(src.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.IDENT, src.substring(start, i), null, start, i));
      } else {
        i++;
        out.add(new Token(Kind.SYMBOL, String.valueOf(c), null, start, i));
      }
    }
  }

  private void skipSpaceAndComments() {
    while (i < src.length()) {
      char c = src.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (src.startsWith("//", i)) {
        while (i < src.length() && src.charAt(i) != '\n') {
          i++;
        }
      } else if (src.startsWith("/*", i)) {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? src.length() : end + 2;
      } else {
        return;
      }
    }
  }

  private String number() {
    int start = i;
    while (i < src.length()) {
      char c = src.charAt(i);
      boolean exponentSign =
          (c == '+' || c == '-')
              && i > start
              && "eEpP".indexOf(src.charAt(i - 1)) >= 0
              && !src.substring(start, i).startsWith("0x");
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || exponentSign) {
        i++;
      } else {
        break;
      }
    }
    return src.substring(start, i);
  }

  private static Object numberValue(String text) {
    String t = text.replace("_", "");
    String lower = t.toLowerCase(java.util.Locale.ROOT);
    try {
      boolean hex = lower.startsWith("0x");
      boolean binary = lower.startsWith("0b");
      if (lower.endsWith("l")) {
        String digits = t.substring(0, t.length() - 1);
        return hex
            ? Long.parseUnsignedLong(digits.substring(2), 16)
            : binary ? Long.parseUnsignedLong(digits.substring(2), 2) : Long.decode(digits);
      }
      if (hex) {
        long v = Long.parseUnsignedLong(t.substring(2), 16);
        return v <= 0xFFFF_FFFFL ? (Object) (int) v : (Object) v;
      }
      if (binary) {
        long v = Long.parseUnsignedLong(t.substring(2), 2);
        return v <= 0xFFFF_FFFFL ? (Object) (int) v : (Object) v;
      }
      if (lower.endsWith("f")) {
        return Float.parseFloat(t);
      }
      if (lower.endsWith("d") || lower.contains(".") || lower.contains("e")) {
        return Double.parseDouble(t);
      }
      long v = Long.decode(t);
      return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
    } catch (NumberFormatException e) {
      throw new FactoryException("not a Java number literal: " + text);
    }
  }

  private String quoted(char quote) {
    int start = i;
    i++;
    StringBuilder raw = new StringBuilder();
    while (true) {
      if (i >= src.length() || src.charAt(i) == '\n') {
        throw new FactoryException(
            "unterminated literal in the code: "
                + src.substring(start, Math.min(src.length(), start + 40)));
      }
      char c = src.charAt(i);
      if (c == '\\' && i + 1 < src.length()) {
        raw.append(c).append(src.charAt(i + 1));
        i += 2;
        continue;
      }
      i++;
      if (c == quote) {
        break;
      }
      raw.append(c);
    }
    return unescape(raw.toString());
  }

  private String textBlock() {
    int start = i;
    i += 3;
    int close = -1;
    for (int k = i; k + 3 <= src.length(); k++) {
      if (src.charAt(k) == '\\') {
        k++;
        continue;
      }
      if (src.startsWith("\"\"\"", k)) {
        close = k;
        break;
      }
    }
    if (close < 0) {
      throw new FactoryException(
          "unterminated text block in the code: "
              + src.substring(start, Math.min(src.length(), start + 40)));
    }
    String body = src.substring(i, close);
    i = close + 3;
    int newline = body.indexOf('\n');
    String content = newline < 0 ? "" : body.substring(newline + 1);
    return unescape(content.stripIndent());
  }

  /** Java's {@code \}{@code u} escapes (lexed before anything else), then the other escapes. */
  private static String unescape(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    int backslashes = 0;
    for (int k = 0; k < raw.length(); k++) {
      char c = raw.charAt(k);
      if (c == '\\' && backslashes % 2 == 0 && k + 1 < raw.length() && raw.charAt(k + 1) == 'u') {
        int j = k + 1;
        while (j < raw.length() && raw.charAt(j) == 'u') {
          j++;
        }
        if (j + 4 <= raw.length()) {
          try {
            out.append((char) Integer.parseInt(raw.substring(j, j + 4), 16));
            k = j + 3;
            backslashes = 0;
            continue;
          } catch (NumberFormatException e) {
            throw new FactoryException("bad \\u escape in the code: " + raw.substring(k, j + 4));
          }
        }
      }
      backslashes = c == '\\' ? backslashes + 1 : 0;
      out.append(c);
    }
    try {
      return out.toString().translateEscapes();
    } catch (IllegalArgumentException e) {
      throw new FactoryException("bad escape in the code: " + e.getMessage());
    }
  }
}
