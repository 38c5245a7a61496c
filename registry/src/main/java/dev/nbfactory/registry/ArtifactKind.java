package dev.nbfactory.registry;

/** What an artifact holds; decides how notebooks load it. */
public enum ArtifactKind {
  DATASET,
  MODEL,
  CHART,
  METRIC,
  REPORT,
  NOTEBOOK,
  FILE,
  /**
   * A raw file or folder a stage read from outside the factory, named {@code file:/absolute/path}
   * and versioned by its content hash.
   */
  EXTERNAL;

  public static ArtifactKind parse(String text) {
    return Enums.parse(ArtifactKind.class, text, "artifact kind");
  }
}
