package dev.nbfactory.registry;

import java.sql.SQLException;

/**
 * Carries an SQLException through the {@link dev.nbfactory.registry.RegistryWriter} interface,
 * whose methods cannot declare it; {@link Database} unwraps it so a busy database is retried.
 */
final class WrappedSqlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WrappedSqlException(SQLException cause) {
    super(cause);
  }

  SQLException sqlException() {
    return (SQLException) getCause();
  }
}
