package dev.nbfactory.registry;

/** The registry database could not do what was asked (unreachable, locked too long, corrupt). */
public class RegistryException extends FactoryException {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }

  public RegistryException(String message) {
    super(message);
  }
}
