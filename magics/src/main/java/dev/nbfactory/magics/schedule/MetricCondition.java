package dev.nbfactory.magics.schedule;

import dev.nbfactory.magics.live.LiveFigures;
import dev.nbfactory.registry.InvalidInputException;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A condition on a served model version's live figures, as {@code --on-metric} and {@code
 * --on-drift} take it: {@code MODEL@ALIAS:METRIC OP NUMBER}, such as {@code
 * cancer-model@production:live_accuracy < 0.92}. The metric is {@code live_accuracy}, {@code
 * live_rmse}, {@code psi} (the largest PSI of any feature, {@code psi_max} in the figures) or
 * {@code psi.FEATURE}; the operator {@code <}, {@code <=}, {@code >} or {@code >=}. Parsed here
 * only, for {@code factory promote}, {@code %promote} and the scheduler alike.
 *
 * @param model the model reference, {@code NAME@ALIAS} or {@code NAME@VERSION}
 * @param metric as written, {@code psi_max} spelled {@code psi}
 */
public record MetricCondition(String model, String metric, String operator, double threshold) {
  /** An example for error messages. */
  public static final String EXAMPLE = "cancer-model@production:live_accuracy < 0.92";

  private static final Pattern FORM =
      Pattern.compile(
          "\\s*(?:([A-Za-z0-9][A-Za-z0-9._-]*)(@[A-Za-z0-9_-]+)?\\s*:)?\\s*(\\S.*?)\\s*"
              + "(<=|>=|==|!=|=|<|>)\\s*(\\S+)\\s*");

  /** Where a condition reads its evidence from. */
  public enum Evidence {
    /** Outcomes joined to decisions: live accuracy and rmse. */
    OUTCOMES,
    /** Decisions with logged features: drift. */
    DECISIONS;

    public String noun() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Reads an {@code --on-metric} condition, which must name its model. */
  public static MetricCondition metric(String text) {
    return parse(text, "--on-metric", null, false);
  }

  /**
   * Reads an {@code --on-drift} condition: on {@code psi} or {@code psi.FEATURE}; a condition that
   * names no model takes {@code defaultModel} (the model of {@code --on-metric}), or is refused
   * when that is null.
   */
  public static MetricCondition drift(String text, String defaultModel) {
    return parse(text, "--on-drift", defaultModel, true);
  }

  private static MetricCondition parse(
      String text, String option, String defaultModel, boolean driftOnly) {
    String example = driftOnly ? "cancer-model@production:psi > 0.25" : EXAMPLE;
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new InvalidInputException(
          option
              + " '"
              + text
              + "' is not a condition: write MODEL@ALIAS:METRIC OP NUMBER, such as \""
              + example
              + "\" (quote it)");
    }
    String operator = m.group(4);
    if (!operator.equals("<")
        && !operator.equals("<=")
        && !operator.equals(">")
        && !operator.equals(">=")) {
      throw new InvalidInputException(
          option
              + " '"
              + text
              + "': the operator '"
              + operator
              + "' is not one of <, <=, >, >= (a live figure seldom equals a number exactly)");
    }
    String metric = m.group(3);
    if (metric.equals(LiveFigures.PSI_MAX)) {
      metric = "psi";
    }
    boolean drift = metric.equals("psi") || metric.startsWith("psi.") && metric.length() > 4;
    boolean known = drift || metric.equals(LiveFigures.ACCURACY) || metric.equals(LiveFigures.RMSE);
    if (!known || driftOnly && !drift) {
      throw new InvalidInputException(
          option
              + " '"
              + text
              + "': unknown metric '"
              + metric
              + "'; "
              + (driftOnly
                  ? "--on-drift watches psi (the largest of any feature) or psi.FEATURE; a"
                      + " condition on live_accuracy or live_rmse goes in --on-metric"
                  : "use live_accuracy, live_rmse, psi (the largest of any feature) or"
                      + " psi.FEATURE"));
    }
    String model;
    if (m.group(1) == null) {
      if (defaultModel == null) {
        throw new InvalidInputException(
            option
                + " '"
                + text
                + "' names no model"
                + (driftOnly ? " and there is no --on-metric to take it from" : "")
                + ": write MODEL@ALIAS:"
                + metric
                + " "
                + operator
                + " "
                + m.group(5)
                + ", such as \"cancer-model@production:"
                + metric
                + " "
                + operator
                + " "
                + m.group(5)
                + "\"");
      }
      model = defaultModel;
    } else if (m.group(2) == null) {
      throw new InvalidInputException(
          option
              + " '"
              + text
              + "': say which version of '"
              + m.group(1)
              + "' to watch, as "
              + m.group(1)
              + "@production (an alias) or "
              + m.group(1)
              + "@3");
    } else {
      model = m.group(1) + m.group(2);
    }
    double threshold;
    try {
      threshold = Double.parseDouble(m.group(5));
    } catch (NumberFormatException e) {
      threshold = Double.NaN;
    }
    if (!Double.isFinite(threshold)) {
      throw new InvalidInputException(
          option + " '" + text + "': '" + m.group(5) + "' is not a number, such as 0.92");
    }
    return new MetricCondition(model, metric, operator, threshold);
  }

  /** The key of the figure in {@link LiveFigures#metrics()}. */
  public String key() {
    return metric.equals("psi") ? LiveFigures.PSI_MAX : metric;
  }

  public Evidence evidence() {
    return metric.startsWith("psi") ? Evidence.DECISIONS : Evidence.OUTCOMES;
  }

  /** The figure's value in {@code figures}, if it was measured. */
  public OptionalDouble value(Map<String, Double> figures) {
    Double v = figures.get(key());
    return v == null || v.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** Whether {@code value} meets the condition. */
  public boolean holds(double value) {
    return switch (operator) {
      case "<" -> value < threshold;
      case "<=" -> value <= threshold;
      case ">" -> value > threshold;
      default -> value >= threshold;
    };
  }

  /**
   * Why it fired, as a run's trigger tag reads: {@code cancer-model@production:live_accuracy 0.87 <
   * 0.92 over 120 outcomes}.
   */
  public String reason(double value, int evidence) {
    return model
        + ":"
        + metric
        + " "
        + new java.math.BigDecimal(value)
            .round(new java.math.MathContext(4))
            .stripTrailingZeros()
            .toPlainString()
        + " "
        + operator
        + " "
        + number(threshold)
        + " over "
        + evidence
        + " "
        + evidence().noun();
  }

  /** The condition as stored and shown: {@code cancer-model@production:live_accuracy < 0.92}. */
  public String text() {
    return model + ":" + metric + " " + operator + " " + number(threshold);
  }

  @Override
  public String toString() {
    return text();
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
