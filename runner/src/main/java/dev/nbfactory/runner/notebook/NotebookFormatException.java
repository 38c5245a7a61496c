package dev.nbfactory.runner.notebook;

import dev.nbfactory.registry.FactoryException;

/** A file that is not a notebook this tool can run; the message names the file and the fix. */
public final class NotebookFormatException extends FactoryException {
  private static final long serialVersionUID = 1L;

  public NotebookFormatException(String message) {
    super(message);
  }

  public NotebookFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
