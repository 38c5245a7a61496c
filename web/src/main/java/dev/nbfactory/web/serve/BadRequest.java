package dev.nbfactory.web.serve;

/**
 * A request the server cannot answer as sent: a 400 with MLflow's error shape, {@code
 * {"error_code": "BAD_REQUEST", "message": ...}}, the message naming the field and the fix.
 */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequest(String message) {
    super(message, null, false, false);
  }
}
