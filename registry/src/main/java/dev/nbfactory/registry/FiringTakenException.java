package dev.nbfactory.registry;

/**
 * A second start of one firing of a schedule: a run with the same schedule and fire time is already
 * recorded (the registry's unique index on both says so), so this one must not run.
 */
public class FiringTakenException extends FactoryException {
  private static final long serialVersionUID = 1L;

  public FiringTakenException(String message) {
    super(message);
  }
}
