package dev.nbfactory.runner.params;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters a headless run goes with, as the registry stores them (text): the defaults of the
 * notebook's parameters cell, overridden by the injected values. Runs record them this way and
 * pipelines compare them this way, so an unchanged stage is recognised.
 */
public final class EffectiveParameters {
  private EffectiveParameters() {}

  public static Map<String, String> of(String parametersCell, Map<String, Object> injected) {
    Map<String, String> out = new LinkedHashMap<>();
    DeclaredParameters.parse(parametersCell == null ? "" : parametersCell)
        .forEach((name, d) -> out.put(name, literalText(d.defaultSource())));
    injected.forEach((name, value) -> out.put(name, value == null ? null : text(value)));
    return out;
  }

  private static String text(Object value) {
    if (value instanceof List<?> || value instanceof Map<?, ?>) {
      return value.toString();
    }
    return String.valueOf(value);
  }

  /** A literal's value as text: {@code "sgd"} is sgd, {@code 10L} is 10; other code as written. */
  static String literalText(String source) {
    if (source == null) {
      return null;
    }
    String s = source.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") && !s.startsWith("\"\"\"")) {
      return unescape(s.substring(1, s.length() - 1));
    }
    if (s.matches("[+-]?\\d+[lL]")) {
      return s.substring(0, s.length() - 1);
    }
    if (s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?[dDfF]?")) {
      String n = s.replaceAll("[dDfF]$", "");
      return n.matches("[+-]?\\d+") ? n : Double.toString(Double.parseDouble(n));
    }
    return s;
  }

  private static String unescape(String body) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\' || i + 1 == body.length()) {
        out.append(c);
        continue;
      }
      char n = body.charAt(++i);
      switch (n) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 's' -> out.append(' ');
        case 'u' -> {
          out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(n);
      }
    }
    return out.toString();
  }
}
