package dev.nbfactory.registry;

/**
 * What really happened for a prediction, sent back later: feedback names the id the client received
 * with its prediction, and the actual label or value as text.
 */
public record Outcome(String predictionId, String actual) {
  public Outcome {
    PredictionRecord.checkId(predictionId, "an outcome's prediction_id", PredictionRecord.MAX_ID);
    if (actual == null) {
      throw new InvalidInputException("the outcome for '" + predictionId + "' has no actual");
    }
  }
}
