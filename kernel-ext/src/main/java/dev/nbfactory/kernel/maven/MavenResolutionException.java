package dev.nbfactory.kernel.maven;

import dev.nbfactory.kernel.eval.UserFacingException;

/** {@code %maven} or {@code %%loadFromPOM} could not resolve what they were asked for. */
public final class MavenResolutionException extends UserFacingException {
  private static final long serialVersionUID = 1L;

  public MavenResolutionException(String message) {
    super(message);
  }

  public MavenResolutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
