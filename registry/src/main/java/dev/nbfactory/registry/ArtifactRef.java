package dev.nbfactory.registry;

import java.util.regex.Pattern;

/**
 * A reference to a version as people write it: {@code name} (the latest), {@code name@3} (version
 * 3), {@code name@production} (an alias) or {@code name@3f2a9c1} (a content-hash prefix of at least
 * 7 hex digits). An alias of the same spelling wins over a hash prefix.
 */
public record ArtifactRef(String name, String selector) {
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
  private static final Pattern HASH_PREFIX = Pattern.compile("[0-9a-f]{7,64}");

  public static ArtifactRef parse(String text) {
    if (text == null) {
      throw new InvalidInputException("artifact reference is null");
    }
    int at = text.indexOf('@');
    String name = at < 0 ? text : text.substring(0, at);
    String selector = at < 0 ? null : text.substring(at + 1);
    ArtifactNames.validate(name);
    if (selector != null
        && !DIGITS.matcher(selector).matches()
        && !HASH_PREFIX.matcher(selector).matches()) {
      ArtifactNames.validateAlias(selector);
    }
    return new ArtifactRef(name, selector);
  }

  public boolean isLatest() {
    return selector == null || selector.equals("latest");
  }

  public boolean isVersionNumber() {
    return selector != null && DIGITS.matcher(selector).matches();
  }

  public boolean couldBeHash() {
    return selector != null && HASH_PREFIX.matcher(selector).matches();
  }

  @Override
  public String toString() {
    return selector == null ? name : name + "@" + selector;
  }
}
