package dev.nbfactory.runner.params;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects parameters as papermill does: {@code -f FILE} and {@code -y YAML} give typed values,
 * {@code -p NAME VALUE} guesses a type from the text, {@code -r NAME RAW} keeps the text; later
 * options win. Values are Integer, Long, BigInteger, Double, Boolean, String, null, and lists and
 * maps of them.
 */
public final class ParameterValues {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, Object> values = new LinkedHashMap<>();

  public Map<String, Object> values() {
    return values;
  }

  /**
   * {@code -p NAME VALUE}: papermill's guess (True/False/None, int, float) plus Java's spelling.
   */
  public ParameterValues text(String name, String value) {
    values.put(name, guess(value));
    return this;
  }

  /** {@code -r NAME RAW}: the text as a String. */
  public ParameterValues raw(String name, String value) {
    values.put(name, value);
    return this;
  }

  /**
   * The YAML parser's message, less the Java exception it may name beneath ("failed to tokenize due
   * to (java.lang.NumberFormatException): ..."): a person needs the YAML problem only.
   */
  static String yamlProblem(String message) {
    return message
        .replaceAll("\\s*(due to )?\\((java|javax|com|org)\\.[\\w.$]+\\)\\s*:?", " ")
        .replaceAll("\\s+", " ")
        .strip();
  }

  /** {@code -y YAML}: a YAML mapping of names to values. */
  public ParameterValues yaml(String yaml, String source) {
    Object parsed;
    try {
      parsed = YAML.readValue(YamlAliases.expand(yaml, source), Object.class);
    } catch (JsonProcessingException e) {
      throw new ParameterException(
          source + " is not valid YAML: " + yamlProblem(e.getOriginalMessage()));
    }
    if (parsed == null) {
      return this;
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new ParameterException(
          source + " must be a YAML mapping of parameter names to values, such as 'epochs: 10'");
    }
    map.forEach((k, v) -> values.put(String.valueOf(k), normalize(v)));
    return this;
  }

  /** {@code -f FILE}: a YAML file of parameters. */
  public ParameterValues file(Path file) {
    try {
      return yaml(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new ParameterException("no parameters file at " + file);
    } catch (IOException e) {
      throw new ParameterException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static Object guess(String text) {
    switch (text) {
      case "True", "true" -> {
        return Boolean.TRUE;
      }
      case "False", "false" -> {
        return Boolean.FALSE;
      }
      case "None", "null" -> {
        return null;
      }
      default -> {
        // fall through to numbers
      }
    }
    if (text.matches("[+-]?\\d+")) {
      BigInteger big = new BigInteger(text);
      return normalize(big);
    }
    if (text.matches("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?")
        || text.matches("[+-]?(inf|nan)")) {
      return text.toLowerCase().contains("nan")
          ? Double.NaN
          : text.toLowerCase().contains("inf")
              ? (text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
              : Double.valueOf(text);
    }
    return text;
  }

  /** Numbers to the narrowest of Integer, Long, BigInteger; decimals to Double; recursively. */
  static Object normalize(Object v) {
    if (v instanceof BigInteger big) {
      if (big.bitLength() < 32) {
        return big.intValue();
      }
      if (big.bitLength() < 64) {
        return big.longValue();
      }
      return big;
    }
    if (v instanceof Long l && l == l.intValue()) {
      return l.intValue();
    }
    if (v instanceof Short || v instanceof Byte) {
      return ((Number) v).intValue();
    }
    if (v instanceof Float || v instanceof BigDecimal) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(e -> out.add(normalize(e)));
      return out;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, e) -> out.put(String.valueOf(k), normalize(e)));
      return out;
    }
    return v;
  }
}
