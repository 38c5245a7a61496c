package dev.nbfactory.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema migrations, run exactly once per registry even when several processes open a new
 * registry at once: each runs inside one write transaction that first takes the database's write
 * lock (SQLite {@code BEGIN IMMEDIATE}; a PostgreSQL advisory lock), then re-reads the applied
 * version.
 */
public final class Migrations {
  /** Every migration in order; a file's number is its version and is never reused. */
  static final List<String> SCRIPTS =
      List.of(
          "V1__lineage.sql",
          "V2__covering_edge_indexes.sql",
          "V3__schedules.sql",
          "V4__external_files.sql",
          "V5__file_triggers.sql",
          "V6__nominal_time.sql",
          "V7__checks_and_alias_reasons.sql",
          "V8__predictions.sql",
          "V9__live_window.sql",
          "V10__metric_triggers.sql",
          "V11__latest_metrics.sql",
          "V12__experiments.sql");

  private Migrations() {}

  public static int latestVersion() {
    return SCRIPTS.size();
  }

  /** Brings the schema up to date; returns the versions this call applied (empty if none). */
  public static List<Integer> migrate(Database database) {
    return database.write(
        connection -> {
          database.dialect().lockForMigration(connection);
          try (Statement statement = connection.createStatement()) {
            statement.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
                    + " applied_at BIGINT NOT NULL)");
          }
          int current = currentVersion(connection);
          if (current > SCRIPTS.size()) {
            throw new dev.nbfactory.registry.RegistryException(
                "registry "
                    + database.displayUrl()
                    + " has schema version "
                    + current
                    + ", newer than this release knows ("
                    + SCRIPTS.size()
                    + "); upgrade Notebook Factory");
          }
          List<Integer> applied = new ArrayList<>();
          for (int version = current + 1; version <= SCRIPTS.size(); version++) {
            String script = SCRIPTS.get(version - 1);
            for (String sql : statements(database.dialect().render(load(script)))) {
              try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
              }
            }
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
              insert.setInt(1, version);
              insert.setString(2, script);
              insert.setLong(3, System.currentTimeMillis());
              insert.executeUpdate();
            }
            applied.add(version);
          }
          return applied;
        });
  }

  static int currentVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static String load(String script) {
    String resource = "/dev/nbfactory/registry/migrations/" + script;
    try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("migration " + resource + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits a script on semicolons that end a line, dropping comment lines. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String sql = current.toString().strip();
        out.add(sql.substring(0, sql.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
