package dev.nbfactory.registry.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Throwaway registries on a real PostgreSQL server for tests: one schema each (much faster to make
 * than a database), chosen through the JDBC URL's {@code currentSchema}.
 */
final class PostgresDatabases {
  private PostgresDatabases() {}

  /** A schema made for one test, with the JDBC URL that uses it. */
  record Database(String serverUrl, String schema, String url) {
    void drop() {
      try (Connection c = DriverManager.getConnection(serverUrl);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (SQLException e) {
        throw new IllegalStateException("could not drop test schema " + schema, e);
      }
    }
  }

  /** {@code serverUrl} like {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}. */
  static Database create(String serverUrl) {
    // A generated name of hex digits only: safe to put in DDL, which cannot take parameters.
    String schema = "factory_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(serverUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create a test schema on the server", e);
    }
    String url = serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new Database(serverUrl, schema, url);
  }
}
