package dev.nbfactory.kernel.eval;

/**
 * An error whose message tells the user all they need: what went wrong and what to do. When cell
 * code (a magic, usually) throws one, the cell's error shows its message alone, named by its simple
 * class name, without the stack trace of the kernel code that raised it.
 */
public class UserFacingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserFacingException(String message) {
    super(message);
  }

  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
