package dev.nbfactory.registry.testing;

import dev.nbfactory.registry.RegistryLocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Plain SQL over an embedded registry's database, for checks the registry API does not offer:
 * SQLite's own integrity checks, and rows that no foreign key should allow.
 */
public final class RegistryDatabase implements AutoCloseable {
  /** Rows that point at a parent row that does not exist, by the name of the check. */
  private static final Map<String, String> ORPHANS = orphanQueries();

  private final Connection connection;

  private RegistryDatabase(Connection connection) {
    this.connection = connection;
  }

  /** Opens the database of the registry folder ({@code .factory}), read-only. */
  public static RegistryDatabase open(Path folder) throws SQLException {
    Properties props = new Properties();
    props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
    props.setProperty("busy_timeout", "15000");
    return new RegistryDatabase(
        DriverManager.getConnection(RegistryLocation.ofFolder(folder).jdbcUrl(), props));
  }

  /** {@code PRAGMA integrity_check}: {@code ["ok"]} for a sound database. */
  public List<String> integrityCheck() throws SQLException {
    return strings("PRAGMA integrity_check");
  }

  /** {@code PRAGMA foreign_key_check}: one line per row whose foreign key has no parent. */
  public List<String> foreignKeyCheck() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement("PRAGMA foreign_key_check");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(
            rs.getString(1)
                + " rowid "
                + rs.getLong(2)
                + " -> "
                + rs.getString(3)
                + " #"
                + rs.getInt(4));
      }
    }
    return rows;
  }

  /** Orphan rows by check, only the checks that found some. */
  public Map<String, Long> orphans() throws SQLException {
    Map<String, Long> found = new LinkedHashMap<>();
    for (Map.Entry<String, String> check : ORPHANS.entrySet()) {
      long n = count(check.getValue());
      if (n != 0) {
        found.put(check.getKey(), n);
      }
    }
    return found;
  }

  /** The number of orphan checks {@link #orphans} runs, so a test can say what it covered. */
  public static int orphanCheckCount() {
    return ORPHANS.size();
  }

  public long count(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  public List<String> strings(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }

  private static Map<String, String> orphanQueries() {
    Map<String, String> q = new LinkedHashMap<>();
    for (String table :
        List.of(
            "run_params", "run_inputs", "run_outputs", "metrics", "latest_metrics", "run_tags")) {
      q.put(
          table + " without run",
          "SELECT COUNT(*) FROM "
              + table
              + " t WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = t.run_id)");
    }
    for (String table : List.of("run_inputs", "run_outputs", "version_tags")) {
      q.put(
          table + " without version",
          "SELECT COUNT(*) FROM "
              + table
              + " t WHERE NOT EXISTS (SELECT 1 FROM artifact_versions v WHERE v.id = t.version_id)");
    }
    q.put(
        "versions without producer run",
        "SELECT COUNT(*) FROM artifact_versions v WHERE v.producer_run_id IS NOT NULL"
            + " AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = v.producer_run_id)");
    q.put(
        "versions without artifact",
        "SELECT COUNT(*) FROM artifact_versions v"
            + " WHERE NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.id = v.artifact_id)");
    q.put(
        "runs without stage",
        "SELECT COUNT(*) FROM runs r WHERE NOT EXISTS (SELECT 1 FROM stages s WHERE s.id = r.stage_id)");
    q.put(
        "predictions without serving run",
        "SELECT COUNT(*) FROM predictions p WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = p.run_id)");
    q.put(
        "shadow predictions without production row",
        "SELECT COUNT(*) FROM predictions s WHERE s.role = 'shadow' AND NOT EXISTS"
            + " (SELECT 1 FROM predictions p WHERE p.id = s.request_id AND p.role = 'production')");
    q.put(
        "feedback without prediction",
        "SELECT COUNT(*) FROM feedback f"
            + " WHERE NOT EXISTS (SELECT 1 FROM predictions p WHERE p.id = f.prediction_id)");
    return q;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
