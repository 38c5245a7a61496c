package dev.nbfactory.magics;

import dev.nbfactory.registry.FactoryException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;

/**
 * The metrics a Tribuo evaluation becomes, under fixed keys. Classification: {@code accuracy},
 * {@code macroF1}, {@code microF1}, then {@code precision.LABEL} and {@code recall.LABEL} per
 * label. Regression: {@code rmse}, {@code mae}, {@code r2}, averaged over the output dimensions,
 * and with several dimensions also {@code rmse.DIM}, {@code mae.DIM}, {@code r2.DIM} each. A value
 * that is not a finite number (precision of a label never predicted) is left out, since the
 * registry only records finite metrics.
 */
public final class EvaluationMetrics {
  private EvaluationMetrics() {}

  public static Map<String, Double> of(Evaluation<?> evaluation) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (evaluation instanceof LabelEvaluation labels) {
      put(out, "accuracy", labels.accuracy());
      put(out, "macroF1", labels.macroAveragedF1());
      put(out, "microF1", labels.microAveragedF1());
      List<Label> domain = new ArrayList<>(labels.getConfusionMatrix().getDomain().getDomain());
      domain.sort(Comparator.comparing(Label::getLabel));
      for (Label label : domain) {
        put(out, "precision." + label.getLabel(), labels.precision(label));
        put(out, "recall." + label.getLabel(), labels.recall(label));
      }
      return out;
    }
    if (evaluation instanceof RegressionEvaluation regression) {
      put(out, "rmse", regression.averageRMSE());
      put(out, "mae", regression.averageMAE());
      put(out, "r2", regression.averageR2());
      Map<Regressor, Double> rmse = regression.rmse();
      if (rmse.size() > 1) {
        List<Regressor> dims = new ArrayList<>(rmse.keySet());
        dims.sort(Comparator.comparing(r -> String.join(",", r.getNames())));
        for (Regressor dim : dims) {
          String name = String.join(",", dim.getNames());
          put(out, "rmse." + name, regression.rmse(dim));
          put(out, "mae." + name, regression.mae(dim));
          put(out, "r2." + name, regression.r2(dim));
        }
      }
      return out;
    }
    throw new FactoryException(
        "cannot turn a "
            + evaluation.getClass().getName()
            + " into metrics: give a LabelEvaluation or a RegressionEvaluation, or record"
            + " values with Factory.metric(key, value)");
  }

  private static void put(Map<String, Double> out, String key, double value) {
    if (Double.isFinite(value)) {
      out.put(key, value);
    }
  }
}
