package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of a {@link RunQuery}: its filters, its order, one page of it, and its count. */
final class RunQuerySql {
  private static final String WITH_METRIC_FROM =
      " FROM latest_metrics lm JOIN runs r ON r.id = lm.run_id JOIN stages s ON s.id = r.stage_id"
          + " WHERE lm.metric_key = ? AND ";

  private RunQuerySql() {}

  /** SQL text with the values it binds, in order. */
  record Sql(String text, List<Object> params) {
    Object[] values() {
      return params.toArray();
    }
  }

  static List<Run> runs(Connection c, RunQuery q) throws SQLException {
    if (q.sortMetric() != null) {
      return byMetric(c, q);
    }
    Sql where = where(q);
    RunQuery.Sort sort = q.sort() == null ? RunQuery.Sort.STARTED : q.sort();
    String direction = q.ascending() ? " ASC" : " DESC";
    List<Object> params = new ArrayList<>(where.params());
    String sql =
        "SELECT "
            + SqlReader.RUN_COLUMNS
            + SqlReader.RUN_FROM
            + " WHERE "
            + where.text()
            + " ORDER BY "
            + sort.expression()
            + direction
            + ", r.started_at"
            + direction
            + page(q.limit(), q.offset(), params);
    return Jdbc.query(c, sql, SqlReader::run, params.toArray());
  }

  static long count(Connection c, RunQuery q) throws SQLException {
    Sql where = where(q);
    return Jdbc.queryOne(
            c,
            "SELECT COUNT(*)" + SqlReader.RUN_FROM + " WHERE " + where.text(),
            rs -> rs.getLong(1),
            where.values())
        .orElse(0L);
  }

  /**
   * Two queries rather than one ordered on "has the metric": runs with the metric are read in the
   * order of the {@code (metric_key, value)} index (see {@link #withMetric}), so a page near the
   * top reads about a page of rows; runs without it follow, newest first, from the {@code
   * started_at} index.
   */
  private static List<Run> byMetric(Connection c, RunQuery q) throws SQLException {
    Sql where = where(q);
    Sql with = withMetric(q);
    List<Run> out = new ArrayList<>(Jdbc.query(c, with.text(), SqlReader::run, with.values()));
    if (q.limit() > 0 && out.size() == q.limit()) {
      return out;
    }
    // The runs without the metric start right after the last one with it.
    int offset = 0;
    if (out.isEmpty() && q.offset() > 0) {
      List<Object> params = new ArrayList<>(List.of(q.sortMetric()));
      params.addAll(where.params());
      // Unfiltered, the index alone counts: every row of latest_metrics has its run.
      String sql =
          where.params().isEmpty()
              ? "SELECT COUNT(*) FROM latest_metrics WHERE metric_key = ?"
              : "SELECT COUNT(*)" + WITH_METRIC_FROM + where.text();
      long withCount = Jdbc.queryOne(c, sql, rs -> rs.getLong(1), params.toArray()).orElse(0L);
      offset = (int) Math.max(0, q.offset() - withCount);
    }
    List<Object> params = new ArrayList<>(where.params());
    params.add(q.sortMetric());
    String sql =
        "SELECT "
            + SqlReader.RUN_COLUMNS
            + SqlReader.RUN_FROM
            + " WHERE "
            + where.text()
            + " AND NOT EXISTS (SELECT 1 FROM latest_metrics lm"
            + " WHERE lm.run_id = r.id AND lm.metric_key = ?)"
            + " ORDER BY r.started_at DESC"
            + page(q.limit() == 0 ? 0 : q.limit() - out.size(), offset, params);
    out.addAll(Jdbc.query(c, sql, SqlReader::run, params.toArray()));
    return out;
  }

  /** The page of {@code q}'s runs that have its sort metric, in the metric's order. */
  static Sql withMetric(RunQuery q) {
    Sql where = where(q);
    List<Object> params = new ArrayList<>(List.of(q.sortMetric()));
    params.addAll(where.params());
    String sql =
        "SELECT "
            + SqlReader.RUN_COLUMNS
            + WITH_METRIC_FROM
            + where.text()
            + " ORDER BY lm.value"
            + (q.ascending() ? " ASC" : " DESC")
            + ", r.started_at DESC"
            + page(q.limit(), q.offset(), params);
    return new Sql(sql, params);
  }

  /** The filters of {@code q} to follow WHERE, each value bound. */
  private static Sql where(RunQuery q) {
    StringBuilder sql = new StringBuilder("1 = 1");
    List<Object> params = new ArrayList<>();
    if (q.stage() != null) {
      sql.append(" AND s.name = ?");
      params.add(q.stage());
    }
    if (q.status() != null) {
      sql.append(" AND r.status = ?");
      params.add(q.status().name());
    }
    if (q.kind() != null) {
      sql.append(" AND r.kind = ?");
      params.add(q.kind().name());
    }
    for (RunQuery.Match tag : q.tags()) {
      sql.append(" AND EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag_key = ?");
      params.add(tag.name());
      if (tag.value() != null) {
        sql.append(" AND t.tag_value = ?");
        params.add(tag.value());
      }
      sql.append(')');
    }
    for (RunQuery.Match p : q.parameters()) {
      sql.append(" AND EXISTS (SELECT 1 FROM run_params p WHERE p.run_id = r.id AND p.name = ?");
      params.add(p.name());
      if (p.value() != null) {
        // A secret's stored value is the mask: it must not match someone typing the mask.
        sql.append(" AND p.value = ? AND p.secret = 0");
        params.add(p.value());
      }
      sql.append(')');
    }
    return new Sql(sql.toString(), params);
  }

  /** LIMIT and OFFSET, bound; nothing for no limit and no offset. */
  private static String page(int limit, int offset, List<Object> params) {
    StringBuilder sql = new StringBuilder();
    if (limit > 0) {
      sql.append(" LIMIT ?");
      params.add(limit);
    } else if (offset > 0) {
      // SQLite takes OFFSET only after a LIMIT, and PostgreSQL has no LIMIT -1: bind "all".
      sql.append(" LIMIT ?");
      params.add(Long.MAX_VALUE);
    }
    if (offset > 0) {
      sql.append(" OFFSET ?");
      params.add(offset);
    }
    return sql.toString();
  }
}
