package dev.nbfactory.magics;

import dev.nbfactory.registry.FactoryException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The top-level variable declarations of a Java parameters cell, such as {@code int epochs = 10;
 * String algo = "sgd";}, read without running them. Literal values become Java values: {@code int},
 * {@code long}, {@code double}, {@code float}, {@code boolean}, {@code char}, {@code String} (with
 * escapes, {@code \}{@code u} escapes and text blocks), {@code null}, negative numbers, and {@code
 * List.of(...)}, {@code Set.of(...)}, {@code Map.of(...)} of literals; a number takes its declared
 * primitive type ({@code double lr = 1;} is 1.0). Anything else (a call, an expression) is kept as
 * its source text, marked not literal. Statements that are not declarations are skipped.
 *
 * <p>The kernel's {@code %%params} records {@link #values()}; the headless runner reads a
 * notebook's {@code parameters} cell with it to learn the names, types and defaults it may
 * override.
 */
public record ParameterCell(List<Declaration> declarations) {

  /**
   * One declared variable.
   *
   * @param type the declared type as written ({@code int}, {@code List<String>}, {@code var})
   * @param value the literal's value, or the initializer's source text when not literal; null when
   *     there is no initializer or it is {@code null}
   * @param source the initializer's source text as written, or null
   * @param literal true when {@code value} is the initializer's value
   */
  public record Declaration(
      String name, String type, Object value, String source, boolean literal) {}

  public ParameterCell {
    declarations = List.copyOf(declarations);
  }

  /** Name to value of every declaration with an initializer, in order; see {@link Declaration}. */
  public Map<String, Object> values() {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Declaration d : declarations) {
      if (d.source() != null) {
        out.put(d.name(), d.value());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** The line a parameters cell may start with: {@code %%params [--secret NAME]...}. */
  private static final Pattern PARAMS_MAGIC = Pattern.compile("\\A\\s*%%params\\b([^\\n]*)");

  /**
   * Parses a cell's source; throws {@link FactoryException} for an unterminated literal. A leading
   * {@code %%params} line is not Java and is skipped (see {@link #secretNames}).
   */
  public static ParameterCell parse(String javaSource) {
    Matcher header = PARAMS_MAGIC.matcher(javaSource);
    if (header.find()) {
      // blanked, not cut: declarations keep their offsets in the source
      javaSource = " ".repeat(header.end()) + javaSource.substring(header.end());
    }
    List<Token> tokens = new Lexer(javaSource).tokens();
    List<Declaration> out = new ArrayList<>();
    for (List<Token> statement : statements(tokens)) {
      declaration(statement, javaSource, out);
    }
    return new ParameterCell(out);
  }

  /**
   * The names a leading {@code %%params --secret NAME} line marks secret; empty without one. Throws
   * {@link FactoryException} for an option that line does not know.
   */
  public static List<String> secretNames(String cellSource) {
    Matcher header = PARAMS_MAGIC.matcher(cellSource == null ? "" : cellSource);
    return header.find() ? secretOptions(header.group(1).strip()) : List.of();
  }

  /** The names of {@code --secret NAME} options, the only options {@code %%params} takes. */
  public static List<String> secretOptions(String options) {
    List<String> secrets = new ArrayList<>();
    String[] words = options.isBlank() ? new String[0] : options.strip().split("\\s+");
    for (int i = 0; i < words.length; i++) {
      if (words[i].equals("--secret") && i + 1 < words.length) {
        secrets.add(words[++i]);
      } else {
        throw new FactoryException(
            "%%params: unknown option "
                + words[i]
                + "; usage: %%params [--secret NAME]... then Java declarations");
      }
    }
    return List.copyOf(secrets);
  }

  // ---- statements

  private static List<List<Token>> statements(List<Token> tokens) {
    List<List<Token>> out = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    int depth = 0;
    boolean assigned = false;
    for (Token t : tokens) {
      if (t.is(";") && depth == 0) {
        out.add(current);
        current = new ArrayList<>();
        assigned = false;
        continue;
      }
      current.add(t);
      if (t.is("(") || t.is("{") || t.is("[")) {
        depth++;
      } else if (t.is(")") || t.is("}") || t.is("]")) {
        depth = Math.max(0, depth - 1);
        // A method, class or block at top level ends at its brace; an initializer's does not.
        if (t.is("}") && depth == 0 && !assigned) {
          current = new ArrayList<>();
        }
      } else if (t.is("=") && depth == 0) {
        assigned = true;
      }
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  private static final Set<String> MODIFIERS = Set.of("final", "static", "public", "private");
  private static final Set<String> NOT_TYPES =
      Set.of(
          "return",
          "import",
          "package",
          "if",
          "for",
          "while",
          "do",
          "switch",
          "new",
          "throw",
          "class",
          "interface",
          "enum",
          "record",
          "try",
          "else",
          "assert",
          "break",
          "continue");

  private static void declaration(List<Token> s, String source, List<Declaration> out) {
    int i = 0;
    while (i < s.size() && (MODIFIERS.contains(s.get(i).text) || s.get(i).text.startsWith("@"))) {
      i++;
    }
    int typeStart = i;
    i = skipType(s, i);
    if (i < 0 || i >= s.size() || i == typeStart) {
      return;
    }
    String type = text(source, s.get(typeStart), s.get(i - 1));
    while (i < s.size()) {
      Token name = s.get(i);
      if (name.kind != Kind.IDENT) {
        return;
      }
      i++;
      if (i >= s.size() || s.get(i).is(",")) {
        out.add(new Declaration(name.text, type, null, null, false));
        i++;
        continue;
      }
      if (!s.get(i).is("=")) {
        return;
      }
      int exprStart = ++i;
      int depth = 0;
      while (i < s.size() && !(depth == 0 && s.get(i).is(","))) {
        Token t = s.get(i);
        if (t.is("(") || t.is("{") || t.is("[") || t.is("<")) {
          depth++;
        } else if (t.is(")") || t.is("}") || t.is("]") || t.is(">")) {
          depth--;
        }
        i++;
      }
      if (exprStart >= i) {
        return;
      }
      List<Token> expr = s.subList(exprStart, i);
      String exprSource = text(source, expr.get(0), expr.get(expr.size() - 1));
      Object[] value = new Object[1];
      boolean literal = literal(expr, value);
      Object v = literal ? coerce(type, value[0]) : exprSource;
      out.add(new Declaration(name.text, type, v, exprSource, literal));
      i++;
    }
  }

  /** Skips a type ({@code a.b.C<D, E<F>>[]} or a primitive or {@code var}); -1 if none. */
  private static int skipType(List<Token> s, int i) {
    if (i >= s.size() || s.get(i).kind != Kind.IDENT || NOT_TYPES.contains(s.get(i).text)) {
      return -1;
    }
    i++;
    while (i + 1 < s.size() && s.get(i).is(".") && s.get(i + 1).kind == Kind.IDENT) {
      i += 2;
    }
    if (i < s.size() && s.get(i).is("<")) {
      int depth = 0;
      for (; i < s.size(); i++) {
        if (s.get(i).is("<")) {
          depth++;
        } else if (s.get(i).is(">")) {
          depth--;
          if (depth == 0) {
            i++;
            break;
          }
        } else if (s.get(i).is(";") || s.get(i).is("=")) {
          return -1;
        }
      }
      if (depth != 0) {
        return -1;
      }
    }
    while (i + 1 < s.size() && s.get(i).is("[") && s.get(i + 1).is("]")) {
      i += 2;
    }
    return i;
  }

  // ---- literals

  /** True and the value in {@code out[0]} when all of {@code expr} is one literal. */
  private static boolean literal(List<Token> expr, Object[] out) {
    int[] pos = {0};
    Object v = literalAt(expr, pos);
    if (v == NOT_LITERAL || pos[0] != expr.size()) {
      return false;
    }
    out[0] = v;
    return true;
  }

  private static final Object NOT_LITERAL = new Object();

  private static Object literalAt(List<Token> e, int[] pos) {
    if (pos[0] >= e.size()) {
      return NOT_LITERAL;
    }
    Token t = e.get(pos[0]);
    switch (t.kind) {
      case STRING, CHAR -> {
        pos[0]++;
        return t.value;
      }
      case NUMBER -> {
        pos[0]++;
        return t.value;
      }
      case IDENT -> {
        switch (t.text) {
          case "true", "false" -> {
            pos[0]++;
            return Boolean.valueOf(t.text);
          }
          case "null" -> {
            pos[0]++;
            return null;
          }
          case "List", "Set", "Map" -> {
            return collection(e, pos, t.text);
          }
          default -> {
            return NOT_LITERAL;
          }
        }
      }
      case SYMBOL -> {
        if ((t.is("-") || t.is("+"))
            && pos[0] + 1 < e.size()
            && e.get(pos[0] + 1).kind == Kind.NUMBER) {
          Object n = e.get(pos[0] + 1).value;
          pos[0] += 2;
          return t.is("-") ? negate(n) : n;
        }
        return NOT_LITERAL;
      }
      default -> {
        return NOT_LITERAL;
      }
    }
  }

  private static Object collection(List<Token> e, int[] pos, String kind) {
    int i = pos[0] + 1;
    if (i + 2 >= e.size() || !e.get(i).is(".") || !e.get(i + 1).is("of") || !e.get(i + 2).is("(")) {
      return NOT_LITERAL;
    }
    pos[0] = i + 3;
    List<Object> items = new ArrayList<>();
    if (pos[0] < e.size() && e.get(pos[0]).is(")")) {
      pos[0]++;
    } else {
      while (true) {
        Object item = literalAt(e, pos);
        if (item == NOT_LITERAL || pos[0] >= e.size()) {
          return NOT_LITERAL;
        }
        items.add(item);
        if (e.get(pos[0]).is(",")) {
          pos[0]++;
        } else if (e.get(pos[0]).is(")")) {
          pos[0]++;
          break;
        } else {
          return NOT_LITERAL;
        }
      }
    }
    if (kind.equals("List")) {
      return Collections.unmodifiableList(items);
    }
    if (kind.equals("Set")) {
      return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(items));
    }
    if (items.size() % 2 != 0) {
      return NOT_LITERAL;
    }
    Map<Object, Object> map = new LinkedHashMap<>();
    for (int k = 0; k < items.size(); k += 2) {
      map.put(items.get(k), items.get(k + 1));
    }
    return Collections.unmodifiableMap(map);
  }

  private static Object negate(Object n) {
    if (n instanceof Integer x) {
      return -x;
    }
    if (n instanceof Long x) {
      return x == Long.MIN_VALUE ? Integer.MIN_VALUE : -x;
    }
    if (n instanceof Float x) {
      return -x;
    }
    return -((Double) n);
  }

  /** A number takes the declared primitive (or boxed) type, as Java would convert it. */
  private static Object coerce(String type, Object value) {
    if (!(value instanceof Number n)) {
      return value;
    }
    return switch (type) {
      case "double", "Double" -> n.doubleValue();
      case "float", "Float" -> n.floatValue();
      case "long", "Long" -> n.longValue();
      case "short", "Short" -> n.shortValue();
      case "byte", "Byte" -> n.byteValue();
      default -> value;
    };
  }

  private static String text(String source, Token first, Token last) {
    return source.substring(first.start, last.end).trim();
  }

  // ---- lexer

  private enum Kind {
    IDENT,
    NUMBER,
    STRING,
    CHAR,
    SYMBOL
  }

  private record Token(Kind kind, String text, Object value, int start, int end) {
    boolean is(String s) {
      return (kind == Kind.SYMBOL || kind == Kind.IDENT) && text.equals(s);
    }
  }

  /** Enough of Java's lexical grammar for declarations: comments, literals, names, symbols. */
  private static final class Lexer {
    private final String src;
    private int i;

    Lexer(String src) {
      this.src = src;
    }

    List<Token> tokens() {
      List<Token> out = new ArrayList<>();
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
              "unterminated literal in the parameters cell: "
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
            "unterminated text block in the parameters cell: "
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
              throw new FactoryException(
                  "bad \\u escape in the parameters cell: " + raw.substring(k, j + 4));
            }
          }
        }
        backslashes = c == '\\' ? backslashes + 1 : 0;
        out.append(c);
      }
      try {
        return out.toString().translateEscapes();
      } catch (IllegalArgumentException e) {
        throw new FactoryException("bad escape in the parameters cell: " + e.getMessage());
      }
    }
  }
}
