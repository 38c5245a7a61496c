package dev.nbfactory.registry;

/** What an artifact holds; decides how notebooks load it. */
public enum ArtifactKind {
  DATASET,
  MODEL,
  CHART,
  METRIC,
  REPORT,
  NOTEBOOK,
  FILE;

  public static ArtifactKind parse(String text) {
    return Enums.parse(ArtifactKind.class, text, "artifact kind");
  }
}
