package dev.nbfactory.magics.live;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.PredictionRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One served model version's figures on live traffic at one moment (see {@link LiveMetrics}).
 *
 * @param predictions decisions in the window
 * @param outcomes outcomes in the window, joined to their decisions
 * @param accuracy the share of outcomes the version got right; null for a regressor or without
 *     outcomes
 * @param rmse the root mean squared error of a regressor's outcomes; null otherwise
 * @param classShares the share of each predicted class among the window's decisions
 * @param psi each input feature's population-stability index against the training data
 * @param nullShares each input feature's share of missing values in the window
 * @param note why drift is not measured, or null
 */
public record LiveFigures(
    ArtifactVersion model,
    PredictionRecord.Role role,
    int predictions,
    int outcomes,
    Double accuracy,
    Double rmse,
    Map<String, Double> classShares,
    Map<String, Double> psi,
    Map<String, Double> nullShares,
    String note) {

  /** Live accuracy, the metric a production version is watched by. */
  public static final String ACCURACY = "live_accuracy";

  /** Live rmse, for a regressor. */
  public static final String RMSE = "live_rmse";

  /** The largest PSI of any feature, the figure a drift trigger reads. */
  public static final String PSI_MAX = "psi_max";

  /** What a shadow's metric keys start with, beside production's. */
  public static final String SHADOW_PREFIX = "shadow.";

  public LiveFigures {
    classShares = Map.copyOf(classShares);
    psi = Map.copyOf(psi);
    nullShares = Map.copyOf(nullShares);
  }

  /** The largest PSI of any feature, if drift was measured. */
  public OptionalDouble maxPsi() {
    return psi.values().stream().mapToDouble(Double::doubleValue).max();
  }

  /**
   * The figures as metric keys and values, as a serving run records them at each step: {@code
   * live_accuracy} or {@code live_rmse}, {@code live_outcomes}, {@code live_predictions}, {@code
   * class_share.LABEL}, {@code psi.FEATURE}, {@code psi_max} and {@code null_share.FEATURE}; a
   * shadow's keys start with {@value #SHADOW_PREFIX}. A figure with nothing to measure is left out.
   */
  public Map<String, Double> metrics() {
    String prefix = role == PredictionRecord.Role.SHADOW ? SHADOW_PREFIX : "";
    Map<String, Double> out = new LinkedHashMap<>();
    if (accuracy != null) {
      out.put(prefix + ACCURACY, accuracy);
    }
    if (rmse != null && !rmse.isNaN()) {
      out.put(prefix + RMSE, rmse);
    }
    out.put(prefix + "live_outcomes", (double) outcomes);
    out.put(prefix + "live_predictions", (double) predictions);
    classShares.forEach((label, share) -> out.put(prefix + "class_share." + label, share));
    psi.forEach((feature, value) -> out.put(prefix + "psi." + feature, value));
    maxPsi().ifPresent(max -> out.put(prefix + PSI_MAX, max));
    nullShares.forEach((feature, share) -> out.put(prefix + "null_share." + feature, share));
    return out;
  }
}
