package dev.nbfactory.runner.params;

import dev.nbfactory.registry.InvalidInputException;

/** A parameter that cannot be given to the notebook; refused before anything runs. */
public final class ParameterException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public ParameterException(String message) {
    super(message);
  }
}
