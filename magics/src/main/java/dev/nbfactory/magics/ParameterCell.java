package dev.nbfactory.magics;

import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.SecretMarks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

  /**
   * Parses a cell's source; throws {@link FactoryException} for an unterminated literal. A leading
   * {@code %%params} line is not Java and is skipped (see {@link #secretMarks}).
   */
  public static ParameterCell parse(String javaSource) {
    Optional<NotebookCode.Magic> header = paramsMagic(javaSource);
    if (header.isPresent()) {
      // blanked, not cut: declarations keep their offsets in the source
      int end = header.get().end();
      javaSource = " ".repeat(end) + javaSource.substring(end);
    }
    List<JavaTokens.Token> tokens = new JavaTokens(javaSource, false).tokens();
    List<Declaration> out = new ArrayList<>();
    for (List<JavaTokens.Token> statement : statements(tokens)) {
      declaration(statement, javaSource, out);
    }
    return new ParameterCell(out);
  }

  /**
   * What a leading {@code %%params --secret NAME --not-secret NAME} line marks; {@link
   * SecretMarks#NONE} without one. Throws {@link FactoryException} for an option that line does not
   * know.
   */
  public static SecretMarks secretMarks(String cellSource) {
    return paramsMagic(cellSource).map(m -> secretOptions(m.arguments())).orElse(SecretMarks.NONE);
  }

  /**
   * The {@code %%params [--secret NAME] [--not-secret NAME]...} line a parameters cell may start
   * with.
   */
  private static Optional<NotebookCode.Magic> paramsMagic(String cellSource) {
    return NotebookCode.read(cellSource).magic("%params");
  }

  /** How {@code %%params} is written, for its help and its errors. */
  public static final String PARAMS_USAGE =
      "%%params [--secret NAME]... [--not-secret NAME]... then Java declarations";

  /**
   * The marks of {@code %%params}' options, its only ones: {@code --secret NAME} hides a value
   * whatever its name; {@code --not-secret NAME} shows one named like a secret ({@code maxTokens}).
   */
  public static SecretMarks secretOptions(String options) {
    Set<String> secret = new LinkedHashSet<>();
    Set<String> notSecret = new LinkedHashSet<>();
    String[] words = options.isBlank() ? new String[0] : options.strip().split("\\s+");
    for (int i = 0; i < words.length; i++) {
      if (words[i].equals("--secret") && i + 1 < words.length) {
        secret.add(words[++i]);
      } else if (words[i].equals("--not-secret") && i + 1 < words.length) {
        notSecret.add(words[++i]);
      } else {
        throw new FactoryException(
            "%%params: "
                + (words[i].startsWith("--secret") || words[i].startsWith("--not-secret")
                    ? words[i] + " needs a NAME"
                    : "unknown option " + words[i])
                + "; usage: "
                + PARAMS_USAGE);
      }
    }
    return new SecretMarks(secret, notSecret);
  }

  // ---- statements

  private static List<List<JavaTokens.Token>> statements(List<JavaTokens.Token> tokens) {
    List<List<JavaTokens.Token>> out = new ArrayList<>();
    List<JavaTokens.Token> current = new ArrayList<>();
    int depth = 0;
    boolean assigned = false;
    for (JavaTokens.Token t : tokens) {
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

  private static void declaration(List<JavaTokens.Token> s, String source, List<Declaration> out) {
    int i = 0;
    while (i < s.size()
        && (MODIFIERS.contains(s.get(i).text()) || s.get(i).text().startsWith("@"))) {
      i++;
    }
    int typeStart = i;
    i = skipType(s, i);
    if (i < 0 || i >= s.size() || i == typeStart) {
      return;
    }
    String type = text(source, s.get(typeStart), s.get(i - 1));
    while (i < s.size()) {
      JavaTokens.Token name = s.get(i);
      if (name.kind() != JavaTokens.Kind.IDENT) {
        return;
      }
      i++;
      if (i >= s.size() || s.get(i).is(",")) {
        out.add(new Declaration(name.text(), type, null, null, false));
        i++;
        continue;
      }
      if (!s.get(i).is("=")) {
        return;
      }
      int exprStart = ++i;
      int depth = 0;
      while (i < s.size() && !(depth == 0 && s.get(i).is(","))) {
        JavaTokens.Token t = s.get(i);
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
      List<JavaTokens.Token> expr = s.subList(exprStart, i);
      String exprSource = text(source, expr.get(0), expr.get(expr.size() - 1));
      Object[] value = new Object[1];
      boolean literal = literal(expr, value);
      Object v = literal ? coerce(type, value[0]) : exprSource;
      out.add(new Declaration(name.text(), type, v, exprSource, literal));
      i++;
    }
  }

  /** Skips a type ({@code a.b.C<D, E<F>>[]} or a primitive or {@code var}); -1 if none. */
  private static int skipType(List<JavaTokens.Token> s, int i) {
    if (i >= s.size()
        || s.get(i).kind() != JavaTokens.Kind.IDENT
        || NOT_TYPES.contains(s.get(i).text())) {
      return -1;
    }
    i++;
    while (i + 1 < s.size() && s.get(i).is(".") && s.get(i + 1).kind() == JavaTokens.Kind.IDENT) {
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
  private static boolean literal(List<JavaTokens.Token> expr, Object[] out) {
    int[] pos = {0};
    Object v = literalAt(expr, pos);
    if (v == NOT_LITERAL || pos[0] != expr.size()) {
      return false;
    }
    out[0] = v;
    return true;
  }

  private static final Object NOT_LITERAL = new Object();

  private static Object literalAt(List<JavaTokens.Token> e, int[] pos) {
    if (pos[0] >= e.size()) {
      return NOT_LITERAL;
    }
    JavaTokens.Token t = e.get(pos[0]);
    switch (t.kind()) {
      case STRING, CHAR -> {
        pos[0]++;
        return t.value();
      }
      case NUMBER -> {
        pos[0]++;
        return t.value();
      }
      case IDENT -> {
        switch (t.text()) {
          case "true", "false" -> {
            pos[0]++;
            return Boolean.valueOf(t.text());
          }
          case "null" -> {
            pos[0]++;
            return null;
          }
          case "List", "Set", "Map" -> {
            return collection(e, pos, t.text());
          }
          default -> {
            return NOT_LITERAL;
          }
        }
      }
      case SYMBOL -> {
        if ((t.is("-") || t.is("+"))
            && pos[0] + 1 < e.size()
            && e.get(pos[0] + 1).kind() == JavaTokens.Kind.NUMBER) {
          Object n = e.get(pos[0] + 1).value();
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

  private static Object collection(List<JavaTokens.Token> e, int[] pos, String kind) {
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

  private static String text(String source, JavaTokens.Token first, JavaTokens.Token last) {
    return source.substring(first.start(), last.end()).trim();
  }
}
