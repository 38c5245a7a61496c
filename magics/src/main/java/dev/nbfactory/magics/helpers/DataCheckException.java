package dev.nbfactory.magics.helpers;

import dev.nbfactory.registry.FactoryException;

/**
 * Data checks failed: the message has a line for each failed check (not those marked {@code
 * warn()}), saying what it observed and what it expected. The checks are recorded before this is
 * thrown; a stage that throws it ends FAILED.
 */
public final class DataCheckException extends FactoryException {
  private static final long serialVersionUID = 1L;

  private final transient CheckReport report;

  public DataCheckException(CheckReport report) {
    super(report.failureMessage());
    this.report = report;
  }

  /** Every check made, the passed ones too. */
  public CheckReport report() {
    return report;
  }
}
