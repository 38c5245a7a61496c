package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The SQL of the prediction log: its inserts and the reads that sealing and accuracy need. */
final class PredictionSql {
  private static final String COLUMNS =
      "p.id, p.request_id, p.model_name, p.model_version, p.role, p.made_at, p.features,"
          + " p.output, p.scores";

  /** The newest outcomes' rows and their outcomes, as the windows of outcomes read them. */
  private static final String JOINED =
      "SELECT "
          + COLUMNS
          + ", f.actual, f.received_at FROM feedback f CROSS JOIN predictions p"
          + " WHERE p.request_id = f.prediction_id";

  private static final String NEWEST_OUTCOMES_FIRST =
      " ORDER BY f.received_at DESC, p.id DESC LIMIT ?";

  private PredictionSql() {}

  static boolean runExists(Connection c, String runId) throws SQLException {
    return Jdbc.queryOne(c, "SELECT 1 FROM runs WHERE id = ?", rs -> true, runId).isPresent();
  }

  /**
   * Inserts {@code rows} for serving run {@code runId}; returns, per row, whether it was new. A row
   * whose id is already logged is left as it is rather than failing the transaction, which holds
   * other requests' rows too.
   */
  static boolean[] insert(Connection c, String runId, List<PredictionRecord> rows)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO predictions (id, request_id, run_id, model_name, model_version, role,"
                + " made_at, features, output, scores) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING")) {
      for (PredictionRecord row : rows) {
        Jdbc.bind(
            ps,
            row.id(),
            row.requestId(),
            runId,
            row.model(),
            row.modelVersion(),
            row.role().sqlName(),
            row.madeAt().toEpochMilli(),
            row.features(),
            row.output(),
            row.scores());
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      boolean[] inserted = new boolean[counts.length];
      for (int i = 0; i < counts.length; i++) {
        // A driver may answer SUCCESS_NO_INFO (-2) for a row it did insert.
        inserted[i] = counts[i] != 0;
      }
      return inserted;
    }
  }

  /** A model's rows no dataset version has sealed yet, oldest first. */
  static List<PredictionRecord> unsealed(Connection c, String model, int limit)
      throws SQLException {
    return Jdbc.query(
        c,
        "SELECT "
            + COLUMNS
            + " FROM predictions p WHERE p.model_name = ? AND p.sealed_in IS NULL"
            + " ORDER BY p.made_at, p.id LIMIT ?",
        PredictionSql::record,
        model,
        limit);
  }

  /** How many of a model's rows wait to be sealed, counted up to {@code limit}. */
  static int countUnsealed(Connection c, String model, int limit) throws SQLException {
    return Jdbc.queryOne(
            c,
            "SELECT COUNT(*) FROM (SELECT 1 FROM predictions"
                + " WHERE model_name = ? AND sealed_in IS NULL LIMIT ?) waiting",
            rs -> rs.getInt(1),
            model,
            limit)
        .orElse(0);
  }

  /**
   * A model's production rows whose outcome no dataset version has sealed yet, in the order the
   * outcomes arrived.
   */
  static List<JoinedPrediction> unsealedFeedback(Connection c, String model, int limit)
      throws SQLException {
    return Jdbc.query(
        c,
        "SELECT "
            + COLUMNS
            + ", f.actual, f.received_at FROM feedback f JOIN predictions p"
            + " ON p.id = f.prediction_id"
            + " WHERE f.sealed_in IS NULL AND p.model_name = ? AND p.role = 'production'"
            + " ORDER BY f.received_at, f.prediction_id LIMIT ?",
        PredictionSql::joined,
        model,
        limit);
  }

  /** A model's rows in one role whose outcome came at or after {@code since}, newest first. */
  static List<JoinedPrediction> joined(
      Connection c, String model, PredictionRecord.Role role, long since, int limit)
      throws SQLException {
    // CROSS JOIN makes SQLite walk the window of outcomes first (without statistics it would scan
    // every prediction); to PostgreSQL it is the same inner join, planned as usual.
    return Jdbc.query(
        c,
        JOINED
            + " AND f.received_at >= ? AND p.model_name = ? AND p.role = ?"
            + NEWEST_OUTCOMES_FIRST,
        PredictionSql::joined,
        since,
        model,
        role.sqlName(),
        limit);
  }

  /** One version's rows in one role whose outcome came back, newest outcome first. */
  static List<JoinedPrediction> joinedOfVersion(
      Connection c, String model, int version, PredictionRecord.Role role, int limit)
      throws SQLException {
    return Jdbc.query(
        c,
        JOINED
            + " AND p.model_name = ? AND p.model_version = ? AND p.role = ?"
            + NEWEST_OUTCOMES_FIRST,
        PredictionSql::joined,
        model,
        version,
        role.sqlName(),
        limit);
  }

  /** One version's newest rows in one role, outcome or not, newest first. */
  static List<PredictionRecord> recent(
      Connection c, String model, int version, PredictionRecord.Role role, int limit)
      throws SQLException {
    return Jdbc.query(
        c,
        "SELECT "
            + COLUMNS
            + " FROM predictions p WHERE p.model_name = ? AND p.model_version = ? AND p.role = ?"
            + " ORDER BY p.made_at DESC, p.id DESC LIMIT ?",
        PredictionSql::record,
        model,
        version,
        role.sqlName(),
        limit);
  }

  private static JoinedPrediction joined(ResultSet rs) throws SQLException {
    return new JoinedPrediction(
        record(rs), rs.getString("actual"), Instant.ofEpochMilli(rs.getLong("received_at")));
  }

  private static PredictionRecord record(ResultSet rs) throws SQLException {
    return new PredictionRecord(
        rs.getString("id"),
        rs.getString("request_id"),
        rs.getString("model_name"),
        rs.getInt("model_version"),
        PredictionRecord.Role.ofSql(rs.getString("role")),
        Instant.ofEpochMilli(rs.getLong("made_at")),
        rs.getString("features"),
        rs.getString("output"),
        rs.getString("scores"));
  }
}
