package dev.nbfactory.registry;

import java.time.Duration;

/**
 * What fires a schedule from a served model's live figures: a metric condition, a drift condition,
 * or both (either one holding fires it), each as promotion normalized it, such as {@code
 * cancer-model@production:live_accuracy < 0.92}. It fires at most once per {@code cooldown}, and
 * only when the window holds {@code minEvidence} outcomes (for accuracy or rmse) or decisions (for
 * drift) or more. The conditions' grammar is read by {@code MetricCondition} in the magics module.
 *
 * @param onMetric a condition on live_accuracy, live_rmse or a drift figure; or null
 * @param onDrift a condition on psi (the largest of any feature) or psi.FEATURE; or null
 */
public record MetricTrigger(String onMetric, String onDrift, Duration cooldown, int minEvidence) {
  /** The cooldown unless one is given. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(1);

  /** Outcomes, or decisions, a condition needs in its window unless told otherwise. */
  public static final int DEFAULT_MIN_EVIDENCE = 30;

  public MetricTrigger {
    if (onMetric == null && onDrift == null) {
      throw new InvalidInputException("a metric trigger needs --on-metric or --on-drift");
    }
    cooldown = cooldown == null ? DEFAULT_COOLDOWN : cooldown;
    if (cooldown.isNegative() || cooldown.isZero()) {
      throw new InvalidInputException(
          "--cooldown must be a positive duration, such as 1h: a trigger needs a rest between"
              + " firings");
    }
    if (minEvidence < 1) {
      throw new InvalidInputException(
          "--min-evidence must be 1 or more, not " + minEvidence + " (the default is 30)");
    }
  }

  /** The conditions, joined as a person reads them. */
  public String describe() {
    return (onMetric == null ? "" : "on-metric " + onMetric)
        + (onMetric != null && onDrift != null ? " or " : "")
        + (onDrift == null ? "" : "on-drift " + onDrift);
  }
}
