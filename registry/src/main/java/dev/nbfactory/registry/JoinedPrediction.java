package dev.nbfactory.registry;

import java.time.Instant;

/** A logged prediction with the outcome that came back for its request. */
public record JoinedPrediction(PredictionRecord prediction, String actual, Instant receivedAt) {
  /** True when the model's output is the actual outcome, compared as text. */
  public boolean correct() {
    return prediction.output().equals(actual);
  }
}
