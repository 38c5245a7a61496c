package dev.nbfactory.registry;

/** Stored bytes no longer match the content hash they are filed under. */
public class IntegrityException extends FactoryException {
  private static final long serialVersionUID = 1L;

  public IntegrityException(String message) {
    super(message);
  }
}
