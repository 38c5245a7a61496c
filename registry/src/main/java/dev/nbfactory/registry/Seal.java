package dev.nbfactory.registry;

/**
 * What one {@link Predictions#seal} wrote: the versions of {@code MODEL.predictions} and {@code
 * MODEL.feedback} and how many rows each took. A version is null when there was nothing to seal.
 */
public record Seal(
    ArtifactVersion predictions, int predictionRows, ArtifactVersion feedback, int feedbackRows) {

  /** The names the sealed versions of {@code model}'s log go under. */
  public static String predictionsName(String model) {
    return model + ".predictions";
  }

  public static String feedbackName(String model) {
    return model + ".feedback";
  }

  /** True when no row was waiting, so nothing was written. */
  public boolean isEmpty() {
    return predictions == null && feedback == null;
  }

  /** How many rows were sealed, both datasets together. */
  public int rows() {
    return predictionRows + feedbackRows;
  }
}
