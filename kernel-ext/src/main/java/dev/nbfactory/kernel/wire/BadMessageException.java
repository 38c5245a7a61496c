package dev.nbfactory.kernel.wire;

/** A received message that is dropped: unsigned, forged or malformed. */
public final class BadMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadMessageException(String message) {
    super(message);
  }
}
