package dev.nbfactory.registry;

/**
 * Root of every error Notebook Factory raises on purpose. The message names the bad thing and,
 * where there is one, the fix; callers show it as one line.
 */
public class FactoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FactoryException(String message) {
    super(message);
  }

  public FactoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
