package dev.nbfactory.registry;

import java.time.Instant;

/** A named pointer, such as {@code production}, to one version of an artifact. */
public record Alias(
    String artifact, String alias, int version, Instant updatedAt, String updatedBy) {
  public String ref() {
    return artifact + "@" + alias;
  }
}
