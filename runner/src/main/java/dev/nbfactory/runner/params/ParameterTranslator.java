package dev.nbfactory.runner.params;

import dev.nbfactory.registry.Secrets;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.SourceVersion;

/**
 * Turns parameter values into the Java source of the {@code injected-parameters} cell: one
 * declaration a parameter, in the type the notebook's {@code parameters} cell declares for that
 * name (so {@code -p rate 1} into {@code double rate = 0.1;} gives {@code double rate = 1.0;}),
 * else in the type the value has. Secret parameters never appear in the cell: it reads them from a
 * system property the runner sets (see {@link #SECRET_PROPERTY_PREFIX}).
 */
public final class ParameterTranslator {
  /** System property prefix under which the runner hands secret values to the cell. */
  public static final String SECRET_PROPERTY_PREFIX = "factory.secret.";

  private ParameterTranslator() {}

  /** The cell's source and the names the notebook does not declare. */
  public record Translation(String source, List<String> undeclared) {}

  /** As {@link #translate(Map, Map, boolean, Predicate)}, with secrets known by their names. */
  public static Translation translate(
      Map<String, Object> values, Map<String, String> declared, boolean strict) {
    return translate(values, declared, strict, Secrets::looksSecret);
  }

  /**
   * Translates {@code values}.
   *
   * @param declared name to declared Java type, from the notebook's parameters cell
   * @param strict refuse parameters the notebook does not declare, instead of warning
   * @param secret which names are secrets: read from a system property, never written
   * @throws ParameterException for a name that is not a Java identifier, a value that does not fit
   *     the declared type, or (strict) an undeclared name
   */
  public static Translation translate(
      Map<String, Object> values,
      Map<String, String> declared,
      boolean strict,
      Predicate<String> secret) {
    StringBuilder out = new StringBuilder("// Parameters injected by factory run\n");
    List<String> undeclared = new ArrayList<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      checkName(e.getKey());
      if (!declared.containsKey(e.getKey())) {
        undeclared.add(e.getKey());
      }
    }
    if (strict && !undeclared.isEmpty()) {
      throw new ParameterException(
          "the notebook's parameters cell does not declare "
              + String.join(", ", undeclared)
              + (declared.isEmpty() ? "" : "; it declares " + String.join(", ", declared.keySet()))
              + " (drop --strict to pass them anyway)");
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String name = e.getKey();
      String type = declared.get(name);
      if (secret.test(name)) {
        out.append(secretDeclaration(name, type)).append('\n');
      } else {
        out.append(declaration(name, e.getValue(), type)).append('\n');
      }
    }
    return new Translation(out.toString(), undeclared);
  }

  /** A Java identifier that is not a keyword: anything else could change the cell's code. */
  public static void checkName(String name) {
    if (name != null) {
      // Java drops these inside identifiers: "a\u00adb" would set the parameter ab.
      name.codePoints()
          .filter(Character::isIdentifierIgnorable)
          .findFirst()
          .ifPresent(
              cp -> {
                throw new ParameterException(
                    String.format(
                        "parameter name '%s' holds an invisible character (U+%04X) that Java"
                            + " ignores, so it would set '%s': type the name without it",
                        name,
                        cp,
                        name.codePoints()
                            .filter(c -> !Character.isIdentifierIgnorable(c))
                            .collect(
                                StringBuilder::new,
                                StringBuilder::appendCodePoint,
                                StringBuilder::append)));
              });
    }
    if (name == null || !SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
      throw new ParameterException(
          "'"
              + name
              + "' cannot be a parameter name: it must be a Java identifier that is not a keyword,"
              + " such as learning_rate");
    }
  }

  static String secretDeclaration(String name, String declaredType) {
    if (declaredType != null && !isStringType(declaredType)) {
      throw new ParameterException(
          "'"
              + name
              + "' is a secret, so it is passed as a String, but the notebook declares it "
              + declaredType
              + ": if it is not a secret, start the parameters cell with %%params --not-secret "
              + name
              + "; else declare it as String");
    }
    return "String "
        + name
        + " = System.getProperty("
        + JavaLiteral.quote(SECRET_PROPERTY_PREFIX + name)
        + ");";
  }

  static String declaration(String name, Object value, String declaredType) {
    if (declaredType == null || declaredType.equals("var")) {
      return inferredType(value) + " " + name + " = " + literal(value, inferredType(value)) + ";";
    }
    return declaredType + " " + name + " = " + coerce(name, value, declaredType.trim()) + ";";
  }

  private static boolean isStringType(String type) {
    return List.of("String", "java.lang.String", "CharSequence", "Object", "var").contains(type);
  }

  /** The value as an expression of the declared type, or a clear refusal. */
  static String coerce(String name, Object value, String type) {
    String base = type.replaceAll("<.*", "").trim();
    String simple = base.substring(base.lastIndexOf('.') + 1);
    if (value == null) {
      if (List.of("int", "long", "double", "float", "boolean", "short", "byte", "char")
          .contains(type)) {
        throw mismatch(name, null, type);
      }
      return "null";
    }
    switch (simple) {
      case "int", "Integer" -> {
        if (value instanceof Integer) {
          return value.toString();
        }
      }
      case "long", "Long" -> {
        if (value instanceof Integer || value instanceof Long) {
          return value + "L";
        }
      }
      case "short", "Short", "byte", "Byte" -> {
        if (value instanceof Integer i) {
          long min = simple.startsWith("s") || simple.startsWith("S") ? Short.MIN_VALUE : -128;
          long max = simple.startsWith("s") || simple.startsWith("S") ? Short.MAX_VALUE : 127;
          if (i >= min && i <= max) {
            return "(" + (simple.toLowerCase()) + ") " + i;
          }
        }
      }
      case "double", "Double", "Number" -> {
        if (value instanceof Number n && !(value instanceof BigInteger)) {
          return doubleLiteral(n.doubleValue());
        }
      }
      case "float", "Float" -> {
        if (value instanceof Number n && !(value instanceof BigInteger)) {
          float f = n.floatValue();
          return Float.isNaN(f)
              ? "Float.NaN"
              : Float.isInfinite(f)
                  ? (f > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY")
                  : Float.toString(f) + "f";
        }
      }
      case "boolean", "Boolean" -> {
        if (value instanceof Boolean) {
          return value.toString();
        }
      }
      case "char", "Character" -> {
        if (value instanceof String s && s.length() == 1) {
          return JavaLiteral.character(s.charAt(0));
        }
      }
      case "String", "CharSequence" -> {
        if (value instanceof String s) {
          return JavaLiteral.string(s);
        }
        if (!(value instanceof List) && !(value instanceof Map)) {
          return JavaLiteral.string(String.valueOf(value)); // -p name 42 into a String: "42"
        }
      }
      case "BigInteger" -> {
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
          return "new java.math.BigInteger(\"" + value + "\")";
        }
      }
      case "Object" -> {
        return literal(value, inferredType(value));
      }
      case "List", "Collection", "Iterable", "ArrayList" -> {
        if (value instanceof List<?>) {
          String expr = literal(value, inferredType(value));
          return simple.equals("ArrayList") ? "new java.util.ArrayList<>(" + expr + ")" : expr;
        }
      }
      case "Map", "LinkedHashMap", "HashMap" -> {
        if (value instanceof Map<?, ?>) {
          String expr = literal(value, inferredType(value));
          return simple.equals("Map") ? expr : "new java.util." + simple + "<>(" + expr + ")";
        }
      }
      default -> {
        // falls through to the refusal below
      }
    }
    throw mismatch(name, value, type);
  }

  /**
   * The value the injected declaration gives the variable, as a Java value: what {@link #coerce}
   * writes, read back ({@code -p rate 1} into {@code double rate} is {@code 1.0}). Runs record
   * this, so the registry holds the value the cell ran with. A value that {@link #coerce} refuses
   * is returned as given (the run then fails before anything executes).
   */
  public static Object runValue(Object value, String declaredType) {
    if (value == null || declaredType == null) {
      return value;
    }
    String base = declaredType.replaceAll("<.*", "").trim();
    String simple = base.substring(base.lastIndexOf('.') + 1);
    return switch (simple) {
      case "long", "Long" -> value instanceof Integer i ? Long.valueOf(i) : value;
      case "double", "Double", "Number" ->
          value instanceof Number n && !(value instanceof BigInteger) ? n.doubleValue() : value;
      case "float", "Float" ->
          value instanceof Number n && !(value instanceof BigInteger) ? n.floatValue() : value;
      case "String", "CharSequence" ->
          value instanceof List || value instanceof Map ? value : String.valueOf(value);
      default -> value;
    };
  }

  private static ParameterException mismatch(String name, Object value, String type) {
    return new ParameterException(
        "parameter '"
            + name
            + "' is declared "
            + type
            + " in the parameters cell, but the value given is "
            + describe(value)
            + "; give a value of that type, or declare it as String and convert it in the"
            + " notebook");
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    String kind = value instanceof List ? "a list" : value instanceof Map ? "a map" : null;
    return kind != null ? kind : "the " + inferredType(value) + " " + value;
  }

  /** The Java type a value has when the notebook does not say. */
  static String inferredType(Object value) {
    if (value == null) {
      return "Object";
    }
    if (value instanceof Integer) {
      return "int";
    }
    if (value instanceof Long) {
      return "long";
    }
    if (value instanceof Double) {
      return "double";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof String) {
      return "String";
    }
    if (value instanceof BigInteger) {
      return "java.math.BigInteger";
    }
    if (value instanceof List<?> list) {
      return "java.util.List<" + elementType(list) + ">";
    }
    if (value instanceof Map<?, ?> map) {
      return "java.util.Map<String, " + elementType(map.values()) + ">";
    }
    throw new ParameterException("a parameter value of " + value.getClass() + " is not supported");
  }

  /** The boxed type all elements share: Integer and Long widen to Long, numbers to Double. */
  static String elementType(java.util.Collection<?> elements) {
    Set<String> types = new LinkedHashSet<>();
    for (Object e : elements) {
      types.add(e == null ? "null" : boxed(inferredType(e)));
    }
    types.remove("null");
    if (types.isEmpty()) {
      return "Object";
    }
    if (types.size() == 1) {
      return types.iterator().next();
    }
    if (Set.of("Integer", "Long").containsAll(types)) {
      return "Long";
    }
    if (Set.of("Integer", "Long", "Double").containsAll(types)) {
      return "Double";
    }
    return "Object";
  }

  private static String boxed(String type) {
    return switch (type) {
      case "int" -> "Integer";
      case "long" -> "Long";
      case "double" -> "Double";
      case "boolean" -> "Boolean";
      default -> type;
    };
  }

  /** A literal of {@code type} (as inferred above) for the value. */
  static String literal(Object value, String type) {
    if (value == null) {
      return "null";
    }
    switch (type) {
      case "long", "Long" -> {
        return ((Number) value).longValue() + "L";
      }
      case "double", "Double" -> {
        return doubleLiteral(((Number) value).doubleValue());
      }
      default -> {
        // by the value's own kind below
      }
    }
    if (value instanceof String s) {
      return JavaLiteral.string(s);
    }
    if (value instanceof Integer || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof Long l) {
      return l + "L";
    }
    if (value instanceof Double d) {
      return doubleLiteral(d);
    }
    if (value instanceof BigInteger b) {
      return "new java.math.BigInteger(\"" + b + "\")";
    }
    if (value instanceof List<?> list) {
      String element = elementType(list);
      List<String> items = new ArrayList<>();
      for (Object e : list) {
        items.add(literal(e, element));
      }
      boolean hasNull = list.stream().anyMatch(java.util.Objects::isNull);
      String joined = String.join(", ", items);
      return hasNull
          ? "java.util.Collections.unmodifiableList(java.util.Arrays.<"
              + element
              + ">asList("
              + joined
              + "))"
          : "java.util.List.<" + element + ">of(" + joined + ")";
    }
    if (value instanceof Map<?, ?> map) {
      String element = elementType(map.values());
      if (map.values().stream().anyMatch(java.util.Objects::isNull)) {
        throw new ParameterException(
            "a map parameter cannot hold null values (Java's Map.of refuses them); leave the key"
                + " out instead");
      }
      List<String> entries = new ArrayList<>();
      map.forEach(
          (k, v) ->
              entries.add(
                  "java.util.Map.entry("
                      + JavaLiteral.string(String.valueOf(k))
                      + ", "
                      + literal(v, element)
                      + ")"));
      return "java.util.Map.<String, " + element + ">ofEntries(" + String.join(", ", entries) + ")";
    }
    throw new ParameterException("a parameter value of " + value.getClass() + " is not supported");
  }

  static String doubleLiteral(double d) {
    if (Double.isNaN(d)) {
      return "Double.NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    return Double.toString(d);
  }
}
