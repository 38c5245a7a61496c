package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's metrics, and each run's latest value of each key in {@code latest_metrics}: the highest
 * step, and of several values at that step the one recorded last, as {@link Metric#last} picks it.
 */
final class MetricSql {
  // A later step replaces the value, and so does a later value at the same step.
  private static final String UPSERT_LATEST =
      "INSERT INTO latest_metrics (run_id, metric_key, value, step) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (run_id, metric_key) DO UPDATE SET value = excluded.value,"
          + " step = excluded.step WHERE excluded.step >= latest_metrics.step";

  private MetricSql() {}

  /** Records {@code values} at {@code step}, and keeps the latest values up to date with them. */
  static Void log(
      Connection c, String runId, Map<String, ? extends Number> values, long step, long now)
      throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO metrics (run_id, metric_key, value, step, recorded_at)"
                    + " VALUES (?, ?, ?, ?, ?)");
        PreparedStatement latest = c.prepareStatement(UPSERT_LATEST)) {
      for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
        if (e.getKey() == null || e.getKey().isBlank()) {
          throw new InvalidInputException("a metric key is empty");
        }
        double value = e.getValue().doubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          throw new InvalidInputException(
              "metric '" + e.getKey() + "' is " + value + "; record a finite number");
        }
        Jdbc.bind(ps, runId, e.getKey(), value, step, now);
        ps.addBatch();
        Jdbc.bind(latest, runId, e.getKey(), value, step);
        latest.addBatch();
      }
      ps.executeBatch();
      latest.executeBatch();
    }
    return null;
  }

  /** Each run's latest value of each key, by key; every id asked for, empty if it has none. */
  static Map<String, Map<String, Double>> latest(Connection c, Collection<String> runIds)
      throws SQLException {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    runIds.forEach(id -> out.put(id, new LinkedHashMap<>()));
    for (Object[] chunk : InList.chunks(runIds)) {
      for (Object[] row :
          Jdbc.query(
              c,
              "SELECT run_id, metric_key, value FROM latest_metrics WHERE run_id IN "
                  + InList.placeholders(chunk.length)
                  + " ORDER BY run_id, metric_key",
              rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getDouble(3)},
              chunk)) {
        out.get((String) row[0]).put((String) row[1], (Double) row[2]);
      }
    }
    return out;
  }

  /** The metric keys any run (of {@code stage}, unless null) recorded, sorted. */
  static List<String> keys(Connection c, String stage) throws SQLException {
    if (stage == null) {
      return RunTableSql.distinct(c, "latest_metrics", "metric_key");
    }
    return Jdbc.query(
        c,
        "SELECT DISTINCT lm.metric_key FROM runs r JOIN stages s ON s.id = r.stage_id"
            + " JOIN latest_metrics lm ON lm.run_id = r.id WHERE s.name = ? ORDER BY 1",
        rs -> rs.getString(1),
        stage);
  }
}
