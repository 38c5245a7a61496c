package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads for a page of runs at once, the names its columns can show, and search by name. */
final class RunTableSql {
  private RunTableSql() {}

  /** Each run's parameters by name, as stored (secrets masked); every id asked for. */
  static Map<String, List<Parameter>> parameters(Connection c, Collection<String> runIds)
      throws SQLException {
    Map<String, List<Parameter>> out = new LinkedHashMap<>();
    runIds.forEach(id -> out.put(id, new ArrayList<>()));
    for (Object[] chunk : InList.chunks(runIds)) {
      Jdbc.query(
          c,
          "SELECT run_id, name, value, secret FROM run_params WHERE run_id IN "
              + InList.placeholders(chunk.length)
              + " ORDER BY run_id, name",
          rs -> {
            out.get(rs.getString(1))
                .add(new Parameter(rs.getString(2), rs.getString(3), rs.getInt(4) != 0));
            return null;
          },
          chunk);
    }
    return out;
  }

  /** Each run's tags by key; every id asked for. */
  static Map<String, Map<String, String>> tags(Connection c, Collection<String> runIds)
      throws SQLException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    runIds.forEach(id -> out.put(id, new LinkedHashMap<>()));
    for (Object[] chunk : InList.chunks(runIds)) {
      Jdbc.query(
          c,
          "SELECT run_id, tag_key, tag_value FROM run_tags WHERE run_id IN "
              + InList.placeholders(chunk.length)
              + " ORDER BY run_id, tag_key",
          rs -> out.get(rs.getString(1)).put(rs.getString(2), rs.getString(3)),
          chunk);
    }
    return out;
  }

  /** The parameter names any run (of {@code stage}, unless null) recorded, sorted. */
  static List<String> parameterNames(Connection c, String stage) throws SQLException {
    if (stage == null) {
      return distinct(c, "run_params", "name");
    }
    return Jdbc.query(
        c,
        "SELECT DISTINCT p.name FROM runs r JOIN stages s ON s.id = r.stage_id"
            + " JOIN run_params p ON p.run_id = r.id WHERE s.name = ? ORDER BY 1",
        rs -> rs.getString(1),
        stage);
  }

  /**
   * The distinct values of an indexed column, sorted, one index seek per value rather than a read
   * of every row: neither dialect skips through an index for DISTINCT on its own. {@code table} and
   * {@code column} are fixed names from this package, never input.
   */
  static List<String> distinct(Connection c, String table, String column) throws SQLException {
    return Jdbc.query(
        c,
        "WITH RECURSIVE names(name) AS (SELECT MIN("
            + column
            + ") FROM "
            + table
            + " UNION ALL SELECT (SELECT MIN("
            + column
            + ") FROM "
            + table
            + " WHERE "
            + column
            + " > names.name) FROM names WHERE names.name IS NOT NULL)"
            + " SELECT name FROM names WHERE name IS NOT NULL",
        rs -> rs.getString(1));
  }

  /** Artifacts whose name contains {@code fragment}, any case, by name. */
  static List<Artifact> findArtifacts(Connection c, String fragment, int limit)
      throws SQLException {
    return Jdbc.query(
        c,
        "SELECT a.name, a.kind, a.created_at, COUNT(v.id) FROM artifacts a"
            + " LEFT JOIN artifact_versions v ON v.artifact_id = a.id"
            + " WHERE LOWER(a.name) LIKE ? ESCAPE '!'"
            + " GROUP BY a.id, a.name, a.kind, a.created_at ORDER BY a.name LIMIT ?",
        rs ->
            new Artifact(
                rs.getString(1),
                ArtifactKind.valueOf(rs.getString(2)),
                Instant.ofEpochMilli(rs.getLong(3)),
                rs.getInt(4)),
        contains(fragment),
        limit);
  }

  /** Stages whose name contains {@code fragment}, any case, by name. */
  static List<Stage> findStages(Connection c, String fragment, int limit) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT name, notebook_path, description FROM stages"
            + " WHERE LOWER(name) LIKE ? ESCAPE '!' ORDER BY name LIMIT ?",
        rs -> new Stage(rs.getString(1), rs.getString(2), rs.getString(3)),
        contains(fragment),
        limit);
  }

  /**
   * A LIKE pattern for "contains", lower case; {@code %}, {@code _} and the escape character itself
   * match only themselves. Names are ASCII, where SQLite's LOWER and Java's agree.
   */
  static String contains(String fragment) {
    String escaped =
        fragment.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
    return "%" + escaped + "%";
  }
}
