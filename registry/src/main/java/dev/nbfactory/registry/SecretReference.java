package dev.nbfactory.registry;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A secret's value given by where to find it, {@code env:NAME}: the environment variable of the
 * process that runs the notebook. A schedule, an export or a child's command line holds the
 * reference, never the value; the run reads it when it starts.
 *
 * @param variable the environment variable holding the value
 */
public record SecretReference(String variable) {
  private static final Pattern FORM = Pattern.compile("env:([A-Za-z_][A-Za-z0-9_]*)");

  public SecretReference {
    if (variable == null || !FORM.matcher("env:" + variable).matches()) {
      throw new InvalidInputException(
          "'"
              + variable
              + "' cannot name an environment variable: use letters, digits and _, such as"
              + " API_TOKEN");
    }
  }

  /** The reference {@code value} spells, such as {@code env:API_TOKEN}; empty for other text. */
  public static Optional<SecretReference> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(value);
    return m.matches() ? Optional.of(new SecretReference(m.group(1))) : Optional.empty();
  }

  public static boolean isReference(Object value) {
    return value instanceof String s && parse(s).isPresent();
  }

  /**
   * The reference a person would write for parameter {@code name}: its words in upper case joined
   * by _, {@code apiToken} to {@code env:API_TOKEN}.
   */
  public static SecretReference suggestedFor(String name) {
    String words = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9_]", "_");
    String upper = words.toUpperCase(java.util.Locale.ROOT);
    return new SecretReference(Character.isDigit(upper.charAt(0)) ? "_" + upper : upper);
  }

  /**
   * The value from {@code env}.
   *
   * @param parameter the parameter it is for, to name in the error
   * @throws InvalidInputException when the variable is not set
   */
  public String resolve(String parameter, Map<String, String> env) {
    String value = env.get(variable);
    if (value == null) {
      throw new InvalidInputException(
          "the secret parameter "
              + parameter
              + " is "
              + this
              + ", but the environment variable "
              + variable
              + " is not set: set it where the run starts (the scheduler's environment, a"
              + " Kubernetes Secret, an Airflow Variable)");
    }
    return value;
  }

  @Override
  public String toString() {
    return "env:" + variable;
  }
}
