package dev.nbfactory.registry;

import java.util.regex.Pattern;

/**
 * The rule for artifact, stage and alias names: letters, digits, {@code . _ -}, starting with a
 * letter or digit, at most 128 characters, no {@code ..}. Names never become paths, but a name that
 * could not be a safe file name is refused anyway so exports and tools that do use them stay safe.
 */
public final class ArtifactNames {
  public static final int MAX_LENGTH = 128;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  private ArtifactNames() {}

  public static String validate(String name) {
    return check(name, "artifact name");
  }

  public static String validateStage(String name) {
    return check(name, "stage name");
  }

  /** Aliases start with a letter so they never read as a version number. */
  public static String validateAlias(String alias) {
    if (alias == null || alias.length() > MAX_LENGTH || !ALIAS.matcher(alias).matches()) {
      throw new InvalidInputException(
          "invalid alias "
              + shown(alias)
              + ": use a letter then letters, digits, '_' or '-' (such as 'production')");
    }
    return alias;
  }

  private static String check(String name, String what) {
    if (name == null || name.isEmpty()) {
      throw new InvalidInputException(what + " is empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw new InvalidInputException(
          what + " is " + name.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new InvalidInputException(
          "invalid "
              + what
              + " "
              + shown(name)
              + ": use letters, digits, '.', '_' or '-', starting with a letter or digit, no '..'"
              + " (such as 'customers-clean')");
    }
    return name;
  }

  private static String shown(String name) {
    if (name == null) {
      return "null";
    }
    String cut = name.length() > 40 ? name.substring(0, 40) + "..." : name;
    StringBuilder out = new StringBuilder("'");
    cut.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.append('\'').toString();
  }
}
