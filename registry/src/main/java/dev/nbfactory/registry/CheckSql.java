package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** A run's data checks: each kept at its position, in the order the run recorded them. */
final class CheckSql {
  private CheckSql() {}

  /** Records {@code checks} after those the run recorded before; returns how many. */
  static int log(Connection c, String runId, List<CheckResult> checks, long now)
      throws SQLException {
    if (checks.isEmpty()) {
      return 0;
    }
    int last =
        Jdbc.queryOne(
                c,
                "SELECT COALESCE(MAX(position), 0) FROM run_checks WHERE run_id = ?",
                rs -> rs.getInt(1),
                runId)
            .orElse(0);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO run_checks (run_id, position, name, severity, passed, expected,"
                + " observed, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      int position = last;
      for (CheckResult check : checks) {
        position++;
        Jdbc.bind(
            ps,
            runId,
            position,
            check.name(),
            check.severity().name(),
            check.passed(),
            check.expected(),
            check.observed(),
            now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return checks.size();
  }

  static List<CheckResult> checks(Connection c, String runId) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT name, severity, passed, expected, observed FROM run_checks WHERE run_id = ?"
            + " ORDER BY position",
        rs ->
            new CheckResult(
                rs.getString(1),
                CheckResult.Severity.valueOf(rs.getString(2)),
                rs.getInt(3) != 0,
                rs.getString(4),
                rs.getString(5)),
        runId);
  }
}
