package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Read queries, each against a connection the caller holds (inside or outside a write). */
final class SqlReader {
  private static final Pattern RUN_ID_PREFIX = Pattern.compile("[0-9a-f]{4,32}");

  static final String RUN_COLUMNS =
      "r.id, s.name AS stage, r.status, r.kind, r.started_at, r.ended_at, r.heartbeat_at,"
          + " r.notebook_path, r.notebook_hash, r.java_version, r.classpath, r.git_commit, r.host,"
          + " r.user_name, r.parent_run_id, r.schedule_name, r.fire_time, r.nominal_time,"
          + " r.error";
  static final String RUN_FROM = " FROM runs r JOIN stages s ON s.id = r.stage_id";

  static final String VERSION_COLUMNS =
      "v.id, a.name, a.kind, v.version, v.content_hash, v.size, v.media_type, v.schema_json,"
          + " v.metadata_json, v.producer_run_id, v.created_at";
  static final String VERSION_FROM =
      " FROM artifact_versions v JOIN artifacts a ON a.id = v.artifact_id";

  private SqlReader() {}

  // ---- runs

  public static Run run(Connection c, String idOrPrefix) throws SQLException {
    if (idOrPrefix == null || !RUN_ID_PREFIX.matcher(idOrPrefix).matches()) {
      throw new InvalidInputException(
          "invalid run id '"
              + idOrPrefix
              + "': give the id or its first 4 or more hex digits, as 'factory runs' shows");
    }
    if (idOrPrefix.length() == 32) {
      return Jdbc.queryOne(
              c, "SELECT " + RUN_COLUMNS + RUN_FROM + " WHERE r.id = ?", SqlReader::run, idOrPrefix)
          .orElseThrow(() -> new NotFoundException("no run " + idOrPrefix));
    }
    // Prefix holds only hex digits (checked above), so it needs no LIKE escaping.
    List<Run> matches =
        Jdbc.query(
            c,
            "SELECT " + RUN_COLUMNS + RUN_FROM + " WHERE r.id LIKE ? ORDER BY r.started_at LIMIT 5",
            SqlReader::run,
            idOrPrefix + "%");
    if (matches.isEmpty()) {
      throw new NotFoundException("no run with id starting '" + idOrPrefix + "'");
    }
    if (matches.size() > 1) {
      throw new InvalidInputException(
          "run id '"
              + idOrPrefix
              + "' is ambiguous: it starts "
              + matches.stream().map(Run::shortId).collect(Collectors.joining(", "))
              + "; give more digits");
    }
    return matches.get(0);
  }

  public static List<Run> runs(Connection c, RunQuery q) throws SQLException {
    return RunQuerySql.runs(c, q);
  }

  public static List<Stage> stages(Connection c) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT name, notebook_path, description FROM stages ORDER BY name",
        rs -> new Stage(rs.getString(1), rs.getString(2), rs.getString(3)));
  }

  public static List<Parameter> parameters(Connection c, String runId) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT name, value, secret FROM run_params WHERE run_id = ? ORDER BY name",
        rs -> new Parameter(rs.getString(1), rs.getString(2), rs.getInt(3) != 0),
        runId);
  }

  public static List<Metric> metrics(Connection c, String runId) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT metric_key, value, step, recorded_at FROM metrics WHERE run_id = ?"
            + " ORDER BY metric_key, step, id",
        rs ->
            new Metric(
                rs.getString(1),
                rs.getDouble(2),
                rs.getLong(3),
                Instant.ofEpochMilli(rs.getLong(4))),
        runId);
  }

  public static Map<String, String> runTags(Connection c, String runId) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String[] row :
        Jdbc.query(
            c,
            "SELECT tag_key, tag_value FROM run_tags WHERE run_id = ? ORDER BY tag_key",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            runId)) {
      out.put(row[0], row[1]);
    }
    return out;
  }

  public static List<ArtifactVersion> inputs(Connection c, String runId) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT "
            + VERSION_COLUMNS
            + VERSION_FROM
            + " JOIN run_inputs e ON e.version_id = v.id WHERE e.run_id = ? ORDER BY a.name",
        SqlReader::version,
        runId);
  }

  public static List<ArtifactVersion> outputs(Connection c, String runId) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT "
            + VERSION_COLUMNS
            + VERSION_FROM
            + " JOIN run_outputs e ON e.version_id = v.id WHERE e.run_id = ? ORDER BY a.name",
        SqlReader::version,
        runId);
  }

  /** Runs that read this version, oldest first. */
  public static List<Run> consumers(Connection c, long versionId) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT "
            + RUN_COLUMNS
            + RUN_FROM
            + " JOIN run_inputs e ON e.run_id = r.id WHERE e.version_id = ? ORDER BY r.started_at",
        SqlReader::run,
        versionId);
  }

  // ---- artifacts

  public static List<Artifact> artifacts(Connection c, ArtifactKind kind) throws SQLException {
    String sql =
        "SELECT a.name, a.kind, a.created_at, COUNT(v.id) FROM artifacts a"
            + " LEFT JOIN artifact_versions v ON v.artifact_id = a.id"
            + (kind == null ? "" : " WHERE a.kind = ?")
            + " GROUP BY a.id, a.name, a.kind, a.created_at ORDER BY a.name";
    Jdbc.RowMapper<Artifact> mapper =
        rs ->
            new Artifact(
                rs.getString(1),
                ArtifactKind.valueOf(rs.getString(2)),
                Instant.ofEpochMilli(rs.getLong(3)),
                rs.getInt(4));
    return kind == null ? Jdbc.query(c, sql, mapper) : Jdbc.query(c, sql, mapper, kind.name());
  }

  public static List<ArtifactVersion> versions(Connection c, String name) throws SQLException {
    long artifactId = artifactId(c, name);
    return Jdbc.query(
        c,
        "SELECT " + VERSION_COLUMNS + VERSION_FROM + " WHERE v.artifact_id = ? ORDER BY v.version",
        SqlReader::version,
        artifactId);
  }

  public static ArtifactVersion version(Connection c, long versionId) throws SQLException {
    return Jdbc.queryOne(
            c,
            "SELECT " + VERSION_COLUMNS + VERSION_FROM + " WHERE v.id = ?",
            SqlReader::version,
            versionId)
        .orElseThrow(() -> new NotFoundException("no artifact version with id " + versionId));
  }

  /** Resolves {@code name}, {@code name@N}, {@code name@alias} or {@code name@hashprefix}. */
  public static ArtifactVersion resolve(Connection c, ArtifactRef ref) throws SQLException {
    long artifactId = artifactId(c, ref.name());
    String select = "SELECT " + VERSION_COLUMNS + VERSION_FROM;
    if (ref.isLatest()) {
      return Jdbc.queryOne(
              c,
              select + " WHERE v.artifact_id = ? ORDER BY v.version DESC LIMIT 1",
              SqlReader::version,
              artifactId)
          .orElseThrow(
              () -> new NotFoundException("artifact '" + ref.name() + "' has no versions yet"));
    }
    if (ref.isVersionNumber()) {
      int number = Integer.parseInt(ref.selector());
      Optional<ArtifactVersion> found =
          Jdbc.queryOne(
              c,
              select + " WHERE v.artifact_id = ? AND v.version = ?",
              SqlReader::version,
              artifactId,
              number);
      if (found.isPresent()) {
        return found.get();
      }
      int latest =
          Jdbc.queryOne(
                  c,
                  "SELECT MAX(version) FROM artifact_versions WHERE artifact_id = ?",
                  rs -> rs.getInt(1),
                  artifactId)
              .orElse(0);
      throw new NotFoundException(
          "artifact '"
              + ref.name()
              + "' has no version "
              + number
              + (latest == 0 ? "; it has no versions yet" : "; its versions are 1 to " + latest));
    }
    Optional<ArtifactVersion> aliased =
        Jdbc.queryOne(
            c,
            select
                + " JOIN aliases al ON al.version_id = v.id WHERE al.artifact_id = ? AND al.alias = ?",
            SqlReader::version,
            artifactId,
            ref.selector());
    if (aliased.isPresent()) {
      return aliased.get();
    }
    if (ref.couldBeHash()) {
      // The selector holds only hex digits (checked by ArtifactRef), so LIKE needs no escaping.
      List<ArtifactVersion> matches =
          Jdbc.query(
              c,
              select + " WHERE v.artifact_id = ? AND v.content_hash LIKE ? ORDER BY v.version",
              SqlReader::version,
              artifactId,
              ref.selector() + "%");
      if (matches.size() == 1) {
        return matches.get(0);
      }
      if (matches.size() > 1) {
        throw new InvalidInputException(
            "'" + ref + "' matches " + matches.size() + " versions; give more hex digits");
      }
    }
    List<String> aliases =
        Jdbc.query(
            c,
            "SELECT alias FROM aliases WHERE artifact_id = ? ORDER BY alias",
            rs -> rs.getString(1),
            artifactId);
    throw new NotFoundException(
        "artifact '"
            + ref.name()
            + "' has no alias or version '"
            + ref.selector()
            + "'"
            + (aliases.isEmpty()
                ? "; it has no aliases"
                : "; its aliases are " + String.join(", ", aliases)),
        Suggestions.closest(ref.selector(), aliases));
  }

  static long artifactId(Connection c, String name) throws SQLException {
    Optional<Long> id =
        Jdbc.queryOne(c, "SELECT id FROM artifacts WHERE name = ?", rs -> rs.getLong(1), name);
    if (id.isPresent()) {
      return id.get();
    }
    List<String> names = Jdbc.query(c, "SELECT name FROM artifacts", rs -> rs.getString(1));
    throw new NotFoundException(
        "no artifact named '" + name + "'", Suggestions.closest(name, names));
  }

  public static List<Alias> aliases(Connection c, String artifact) throws SQLException {
    String sql =
        "SELECT a.name, al.alias, v.version, al.updated_at, al.updated_by FROM aliases al"
            + " JOIN artifacts a ON a.id = al.artifact_id"
            + " JOIN artifact_versions v ON v.id = al.version_id"
            + (artifact == null ? "" : " WHERE a.id = ?")
            + " ORDER BY a.name, al.alias";
    Jdbc.RowMapper<Alias> mapper =
        rs ->
            new Alias(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                Instant.ofEpochMilli(rs.getLong(4)),
                rs.getString(5));
    return artifact == null
        ? Jdbc.query(c, sql, mapper)
        : Jdbc.query(c, sql, mapper, artifactId(c, artifact));
  }

  public static List<AliasChange> aliasHistory(Connection c, String artifact, String alias)
      throws SQLException {
    long artifactId = artifactId(c, artifact);
    StringBuilder sql =
        new StringBuilder(
            "SELECT a.name, h.alias, fv.version, tv.version, h.changed_at, h.changed_by,"
                + " h.reason FROM alias_history h JOIN artifacts a ON a.id = h.artifact_id"
                + " LEFT JOIN artifact_versions fv ON fv.id = h.from_version_id"
                + " LEFT JOIN artifact_versions tv ON tv.id = h.to_version_id"
                + " WHERE h.artifact_id = ?");
    List<Object> params = new ArrayList<>(List.of(artifactId));
    if (alias != null) {
      sql.append(" AND h.alias = ?");
      params.add(alias);
    }
    sql.append(" ORDER BY h.id");
    return Jdbc.query(
        c,
        sql.toString(),
        rs -> {
          int from = rs.getInt(3);
          Integer fromVersion = rs.wasNull() ? null : from;
          int to = rs.getInt(4);
          Integer toVersion = rs.wasNull() ? null : to;
          return new AliasChange(
              rs.getString(1),
              rs.getString(2),
              fromVersion,
              toVersion,
              Instant.ofEpochMilli(rs.getLong(5)),
              rs.getString(6),
              rs.getString(7));
        },
        params.toArray());
  }

  /** Every content hash a version points at: what the artifact store must keep. */
  public static Set<String> referencedHashes(Connection c) throws SQLException {
    return new LinkedHashSet<>(
        Jdbc.query(
            c,
            // A promoted notebook's pinned copy is referenced by its schedule, not by a version.
            // An external file recorded by hash only keeps its bytes where it is.
            "SELECT DISTINCT content_hash FROM artifact_versions WHERE stored = 1"
                + " UNION SELECT notebook_object FROM schedules"
                + " UNION SELECT notebook_object FROM schedule_notebooks",
            rs -> rs.getString(1)));
  }

  public static Map<String, Long> counts(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String table : List.of("stages", "runs", "artifacts", "artifact_versions", "metrics")) {
      // Table names come from the fixed list above, never from input.
      out.put(
          table, Jdbc.queryOne(c, "SELECT COUNT(*) FROM " + table, rs -> rs.getLong(1)).orElse(0L));
    }
    return out;
  }

  // ---- row mappers

  static Run run(ResultSet rs) throws SQLException {
    return new Run(
        rs.getString("id"),
        rs.getString("stage"),
        RunStatus.valueOf(rs.getString("status")),
        RunKind.valueOf(rs.getString("kind")),
        instant(rs, "started_at"),
        instant(rs, "ended_at"),
        instant(rs, "heartbeat_at"),
        rs.getString("notebook_path"),
        rs.getString("notebook_hash"),
        rs.getString("java_version"),
        Json.strings(rs.getString("classpath")),
        rs.getString("git_commit"),
        rs.getString("host"),
        rs.getString("user_name"),
        rs.getString("parent_run_id"),
        rs.getString("schedule_name"),
        instant(rs, "fire_time"),
        instant(rs, "nominal_time"),
        rs.getString("error"));
  }

  static ArtifactVersion version(ResultSet rs) throws SQLException {
    return new ArtifactVersion(
        rs.getLong(1),
        rs.getString(2),
        ArtifactKind.valueOf(rs.getString(3)),
        rs.getInt(4),
        rs.getString(5),
        rs.getLong(6),
        rs.getString(7),
        Json.columns(rs.getString(8)),
        rs.getString(9),
        rs.getString(10),
        Instant.ofEpochMilli(rs.getLong(11)));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Long millis = Jdbc.longOrNull(rs, column);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }
}
