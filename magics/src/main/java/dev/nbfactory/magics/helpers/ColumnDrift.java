package dev.nbfactory.magics.helpers;

/**
 * How one column moved between a reference table and a current one (see {@link Drift}). Means and
 * standard deviations are of the present values, NaN for a categorical column; missing shares are
 * of all rows; {@code psi} is NaN when one side has no value at all.
 */
public record ColumnDrift(
    String column,
    Kind kind,
    double meanReference,
    double meanCurrent,
    double sdReference,
    double sdCurrent,
    double missingReference,
    double missingCurrent,
    double psi) {

  /** How the column's PSI was taken. */
  public enum Kind {
    /** Over quantile bins of the reference's values. */
    NUMERIC,
    /** Over the values seen on either side, as text. */
    CATEGORICAL
  }

  /**
   * The usual reading of a PSI: below 0.1 {@code stable}, up to 0.25 {@code some drift}, above
   * {@code significant}.
   */
  public String verdict() {
    if (Double.isNaN(psi)) {
      return "no values";
    }
    return psi < 0.1 ? "stable" : psi <= 0.25 ? "some drift" : "significant";
  }
}
