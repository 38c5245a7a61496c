package dev.nbfactory.registry;

import java.util.List;

/**
 * What {@link Predictions#recordFeedback} did with each outcome of a batch, in batch order.
 *
 * @param accepted ids whose outcome is now recorded: newly, or an identical re-send
 * @param ignored outcomes for a prediction that already had a different one: the first stands
 * @param unknown outcomes naming no prediction in the log
 */
public record FeedbackResult(List<String> accepted, List<Refusal> ignored, List<Refusal> unknown) {
  public FeedbackResult {
    accepted = List.copyOf(accepted);
    ignored = List.copyOf(ignored);
    unknown = List.copyOf(unknown);
  }

  /** An outcome not recorded, with why in a sentence that names it. */
  public record Refusal(String predictionId, String message) {}

  /** True when every outcome of the batch is recorded. */
  public boolean allAccepted() {
    return ignored.isEmpty() && unknown.isEmpty();
  }
}
