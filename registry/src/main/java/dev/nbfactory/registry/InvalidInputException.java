package dev.nbfactory.registry;

/** Input refused before anything was read or written: a bad name, filter, sort key or value. */
public class InvalidInputException extends FactoryException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }
}
