package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The SQL of sealing: marking the rows a dataset version took. */
final class SealSql {
  /** Ids bound per statement: well under every driver's parameter limit. */
  private static final int CHUNK = 500;

  /** The log's tables and the key each is marked by. */
  enum Table {
    PREDICTIONS("predictions", "id"),
    FEEDBACK("feedback", "prediction_id");

    private final String sql;

    Table(String table, String key) {
      this.sql =
          "UPDATE "
              + table
              + " SET sealed_in = ? WHERE sealed_in IS NULL AND "
              + key
              + " IN ("
              + String.join(", ", Collections.nCopies(CHUNK, "?"))
              + ")";
    }
  }

  private SealSql() {}

  /**
   * Marks the rows {@code ids} of {@code table} as sealed in version {@code versionId}, each only
   * if no sealer has taken it yet; returns how many it marked. Fewer than {@code ids} means another
   * sealer took some first, and the caller must roll back.
   */
  static int mark(Connection c, Table table, List<String> ids, long versionId) throws SQLException {
    int marked = 0;
    try (PreparedStatement ps = c.prepareStatement(table.sql)) {
      for (int from = 0; from < ids.size(); from += CHUNK) {
        List<Object> params = new ArrayList<>(CHUNK + 1);
        params.add(versionId);
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
        params.addAll(chunk);
        // One statement text for every chunk: the last is padded with repeats of an id, which an
        // IN list counts once.
        while (params.size() < CHUNK + 1) {
          params.add(chunk.get(0));
        }
        Jdbc.bind(ps, params.toArray());
        ps.addBatch();
      }
      for (int count : ps.executeBatch()) {
        marked += count;
      }
    }
    return marked;
  }
}
