package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The lineage query: a version's closure through the runs that made and read it. */
final class LineageSql {
  private LineageSql() {}

  /**
   * The closure of a version through runs, in one recursive query: upstream follows "produced by"
   * then "consumed", downstream the reverse. UNION keeps each (version, depth) once, so diamonds do
   * not multiply.
   */
  public static Lineage lineage(
      Connection c, ArtifactVersion root, Lineage.Direction direction, int maxDepth)
      throws SQLException {
    boolean up = direction == Lineage.Direction.UPSTREAM;
    // Upstream: a version's producer runs, then what they read. Downstream: its consumer runs,
    // then what they wrote. "near" is the edge table touching the known version.
    String near = up ? "run_outputs" : "run_inputs";
    String far = up ? "run_inputs" : "run_outputs";
    // The walk, then the closure's nodes once, then their edges. CROSS JOIN fixes the join order
    // in SQLite (the closure drives, each edge table is probed by index); without it the planner
    // may scan whole edge tables, a cost that grows with the registry rather than the closure.
    // PostgreSQL reads CROSS JOIN ... WHERE as an ordinary join.
    String sql =
        "WITH RECURSIVE walk(version_id, depth) AS ("
            + " SELECT CAST(? AS BIGINT), 0"
            + " UNION"
            + " SELECT f.version_id, w.depth + 1 FROM walk w"
            + " JOIN "
            + near
            + " n ON n.version_id = w.version_id"
            + " JOIN "
            + far
            + " f ON f.run_id = n.run_id"
            + " WHERE w.depth < ?),"
            + " nodes AS MATERIALIZED (SELECT DISTINCT version_id FROM walk WHERE depth < ?),"
            + " near_edges AS MATERIALIZED (SELECT n.run_id, n.version_id FROM nodes w CROSS JOIN "
            + near
            + " n WHERE n.version_id = w.version_id)"
            + " SELECT run_id, version_id, 0 AS far FROM near_edges"
            + " UNION ALL"
            + " SELECT f.run_id, f.version_id, 1 AS far"
            + " FROM (SELECT DISTINCT run_id FROM near_edges) r CROSS JOIN "
            + far
            + " f WHERE f.run_id = r.run_id";
    // Every run adjacent to a version in the closure on the walking side, with both of its edges.
    List<Object[]> rows =
        Jdbc.query(
            c,
            sql,
            rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getInt(3)},
            root.id(),
            maxDepth,
            maxDepth);
    Lineage.EdgeType nearType = up ? Lineage.EdgeType.PRODUCED : Lineage.EdgeType.CONSUMED;
    Lineage.EdgeType farType = up ? Lineage.EdgeType.CONSUMED : Lineage.EdgeType.PRODUCED;
    List<Lineage.Edge> edges = new ArrayList<>();
    Set<Long> versionIds = new LinkedHashSet<>();
    Set<String> runIds = new LinkedHashSet<>();
    versionIds.add(root.id());
    for (Object[] row : rows) {
      String runId = (String) row[0];
      long versionId = (Long) row[1];
      edges.add(new Lineage.Edge(runId, versionId, (Integer) row[2] == 0 ? nearType : farType));
      versionIds.add(versionId);
      runIds.add(runId);
    }
    List<ArtifactVersion> versions = versionsByIds(c, versionIds);
    List<Run> runs = runsByIds(c, runIds);
    return new Lineage(root, direction, maxDepth, versions, runs, edges);
  }

  private static List<ArtifactVersion> versionsByIds(Connection c, Set<Long> ids)
      throws SQLException {
    List<ArtifactVersion> out = new ArrayList<>();
    for (List<Long> chunk : chunks(new ArrayList<>(ids))) {
      out.addAll(
          Jdbc.query(
              c,
              "SELECT "
                  + SqlReader.VERSION_COLUMNS
                  + SqlReader.VERSION_FROM
                  + " WHERE v.id IN ("
                  + marks(chunk.size())
                  + ")",
              SqlReader::version,
              chunk.toArray()));
    }
    out.sort(Comparator.comparing(ArtifactVersion::id));
    return out;
  }

  private static List<Run> runsByIds(Connection c, Set<String> ids) throws SQLException {
    List<Run> out = new ArrayList<>();
    for (List<String> chunk : chunks(new ArrayList<>(ids))) {
      out.addAll(
          Jdbc.query(
              c,
              "SELECT "
                  + SqlReader.RUN_COLUMNS
                  + SqlReader.RUN_FROM
                  + " WHERE r.id IN ("
                  + marks(chunk.size())
                  + ")",
              SqlReader::run,
              chunk.toArray()));
    }
    out.sort(Comparator.comparing(Run::startedAt));
    return out;
  }

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 500) {
      out.add(all.subList(i, Math.min(all.size(), i + 500)));
    }
    return out;
  }

  private static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
