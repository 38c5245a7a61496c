package dev.nbfactory.registry;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The rule for artifact, stage and alias names: letters, digits, {@code . _ -}, starting with a
 * letter or digit, at most 128 characters, no {@code ..}. Names never become paths, but a name that
 * could not be a safe file name is refused anyway so exports and tools that do use them stay safe.
 */
public final class ArtifactNames {
  public static final int MAX_LENGTH = 128;

  /** What starts the name of an {@link ArtifactKind#EXTERNAL external} artifact: its location. */
  public static final String EXTERNAL_PREFIX = "file:";

  /** Longer than other names: a location is a whole absolute path. */
  public static final int MAX_EXTERNAL_LENGTH = 1024;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

  private ArtifactNames() {}

  public static String validate(String name) {
    if (isExternal(name)) {
      return validateExternal(name);
    }
    return check(name, "artifact name");
  }

  /** Whether {@code name} names a raw file or folder outside the factory. */
  public static boolean isExternal(String name) {
    return name != null && name.startsWith(EXTERNAL_PREFIX);
  }

  /**
   * The name of the external artifact at {@code location}: {@code file:} and the absolute,
   * normalized path. A path that could not be read back as a name (it holds '@', which starts a
   * version selector, or a control character) is refused with the reason.
   */
  public static String external(Path location) {
    return validateExternal(EXTERNAL_PREFIX + location.toAbsolutePath().normalize());
  }

  /** The location an external artifact's name stands for. */
  public static Path location(String externalName) {
    return Path.of(validateExternal(externalName).substring(EXTERNAL_PREFIX.length()));
  }

  private static String validateExternal(String name) {
    String path = name.substring(EXTERNAL_PREFIX.length());
    String problem = null;
    if (name.length() > MAX_EXTERNAL_LENGTH) {
      problem = "it is longer than " + MAX_EXTERNAL_LENGTH + " characters";
    } else if (!path.startsWith("/")) {
      problem = "the path after 'file:' must be absolute";
    } else if (path.contains("@")) {
      problem = "'@' would start a version selector: rename the file or its folder";
    } else if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      problem = "it holds a control character";
    } else if (!Path.of(path).normalize().toString().equals(path)) {
      problem = "the path is not normalized (no '.', '..' or '//' segments)";
    }
    if (problem != null) {
      throw new InvalidInputException("invalid external artifact " + shown(name) + ": " + problem);
    }
    return name;
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
