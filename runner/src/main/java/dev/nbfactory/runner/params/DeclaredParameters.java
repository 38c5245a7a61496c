package dev.nbfactory.runner.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters a notebook declares: the top-level {@code Type name = value;} statements of its
 * {@code parameters} cell, with their types (to inject values of the same type) and the source of
 * their default values (papermill's {@code default_parameters}). Comments are ignored; a statement
 * that is not a declaration is skipped.
 */
public final class DeclaredParameters {
  private static final Pattern DECLARATION =
      Pattern.compile("(?s)^(?:final\\s+)?(.+?)\\s+([A-Za-z_$][\\w$]*)\\s*(?:=(.*))?$");

  /** One declaration; {@code defaultSource} is null when there is no initializer. */
  public record Declaration(String type, String name, String defaultSource) {}

  private DeclaredParameters() {}

  public static Map<String, Declaration> parse(String source) {
    Map<String, Declaration> out = new LinkedHashMap<>();
    for (String statement : statements(withoutComments(source))) {
      Matcher m = DECLARATION.matcher(statement.strip());
      if (!m.matches()) {
        continue;
      }
      String type = m.group(1).strip();
      String name = m.group(2);
      if (type.contains("(") || type.contains("=") || type.startsWith("return")) {
        continue; // a call or an assignment, not a declaration
      }
      out.put(name, new Declaration(type, name, m.group(3) == null ? null : m.group(3).strip()));
    }
    return out;
  }

  /** Name to declared type, for {@link ParameterTranslator}. */
  public static Map<String, String> types(String source) {
    Map<String, String> types = new LinkedHashMap<>();
    parse(source).forEach((name, d) -> types.put(name, d.type()));
    return types;
  }

  /** The source with comments blanked out; string and char literals kept. */
  static String withoutComments(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        int end = literalEnd(s, i);
        out.append(s, i, end);
        i = end;
      } else if (s.startsWith("//", i)) {
        int nl = s.indexOf('\n', i);
        i = nl < 0 ? s.length() : nl;
      } else if (s.startsWith("/*", i)) {
        int close = s.indexOf("*/", i + 2);
        i = close < 0 ? s.length() : close + 2;
        out.append(' ');
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Top-level statements: split at ';' outside literals, brackets, parentheses and braces. */
  static List<String> statements(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        i = literalEnd(s, i);
        continue;
      }
      if ("([{".indexOf(c) >= 0) {
        depth++;
      } else if (")]}".indexOf(c) >= 0) {
        depth = Math.max(0, depth - 1);
      } else if (c == ';' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
      i++;
    }
    if (!s.substring(start).isBlank()) {
      out.add(s.substring(start));
    }
    return out;
  }

  /** The index after a string, text block or char literal starting at {@code start}. */
  private static int literalEnd(String s, int start) {
    char quote = s.charAt(start);
    if (quote == '"' && s.startsWith("\"\"\"", start)) {
      int close = s.indexOf("\"\"\"", start + 3);
      while (close > 0 && s.charAt(close - 1) == '\\') {
        close = s.indexOf("\"\"\"", close + 1);
      }
      return close < 0 ? s.length() : close + 3;
    }
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote || c == '\n') {
        return i + 1;
      } else {
        i++;
      }
    }
    return s.length();
  }
}
