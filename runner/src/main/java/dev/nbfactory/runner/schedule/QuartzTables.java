package dev.nbfactory.runner.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates Quartz's clustered job store tables in a PostgreSQL registry, once: from Quartz's own
 * {@code tables_postgres.sql} (inside the Quartz jar, so they always match the Quartz version),
 * under a transaction-scoped advisory lock so several nodes starting at once create them once.
 */
public final class QuartzTables {
  static final String SCRIPT = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
  private static final long LOCK = 4242002L;

  private QuartzTables() {}

  /** True if this call created them. */
  public static boolean ensure(String jdbcUrl) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
          rs.next();
          if (rs.getBoolean(1)) {
            c.rollback();
            return false;
          }
        }
        for (String sql : statements(load())) {
          s.execute(sql);
        }
      }
      c.commit();
      return true;
    }
  }

  private static String load() {
    try (InputStream in = QuartzTables.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the Quartz jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The script's statements without comments and without its DROP TABLEs. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (t.endsWith(";")) {
        String sql = current.toString().strip();
        sql = sql.substring(0, sql.length() - 1);
        current.setLength(0);
        String upper = sql.toUpperCase(java.util.Locale.ROOT);
        if (upper.startsWith("DROP ") || upper.equals("COMMIT")) {
          continue;
        }
        out.add(sql);
      }
    }
    return out;
  }
}
