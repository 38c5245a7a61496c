package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The write operations, all against one connection inside one transaction. */
final class SqlWriter implements RegistryWriter {
  private final Connection c;
  private final Clock clock;

  public SqlWriter(Connection connection, Clock clock) {
    this.c = connection;
    this.clock = clock;
  }

  private static Long millis(Instant time) {
    return time == null ? null : time.toEpochMilli();
  }

  /** As the database gives it back: to the millisecond. */
  private static Instant truncated(Instant time) {
    return time == null ? null : Instant.ofEpochMilli(time.toEpochMilli());
  }

  private long now() {
    return clock.millis();
  }

  @Override
  public Run startRun(RunStart start) {
    ArtifactNames.validateStage(start.stage());
    return sql(
        () -> {
          checkFiringFree(start);
          long stageId = stageId(start);
          String id = UUID.randomUUID().toString().replace("-", "");
          long started = start.startedAt() != null ? start.startedAt().toEpochMilli() : now();
          try {
            Jdbc.update(
                c,
                "INSERT INTO runs (id, stage_id, status, kind, started_at, heartbeat_at,"
                    + " notebook_path, notebook_hash, java_version, classpath, git_commit, host,"
                    + " user_name, parent_run_id, schedule_name, fire_time, nominal_time)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                stageId,
                RunStatus.RUNNING.name(),
                start.kind().name(),
                started,
                started,
                start.notebookPath(),
                start.notebookHash(),
                start.javaVersion(),
                Json.write(start.classpath()),
                start.gitCommit(),
                start.host(),
                start.user(),
                start.parentRunId(),
                start.schedule(),
                millis(start.fireTime()),
                millis(start.nominalTime()));
          } catch (SQLException e) {
            // a concurrent start of the same firing got in between the check and the insert
            if (isFiringTaken(e)) {
              throw firingTaken(start, null);
            }
            throw e;
          }
          Instant at = Instant.ofEpochMilli(started);
          return new Run(
              id,
              start.stage(),
              RunStatus.RUNNING,
              start.kind(),
              at,
              null,
              at,
              start.notebookPath(),
              start.notebookHash(),
              start.javaVersion(),
              start.classpath(),
              start.gitCommit(),
              start.host(),
              start.user(),
              start.parentRunId(),
              start.schedule(),
              truncated(start.fireTime()),
              truncated(start.nominalTime()),
              null);
        });
  }

  /**
   * The stage's key, creating the stage on first use; its notebook path and description follow the
   * latest run that gives them. Most runs change nothing, so the row is only written when needed.
   */
  private long stageId(RunStart start) throws SQLException {
    Optional<Object[]> existing =
        Jdbc.queryOne(
            c,
            "SELECT id, notebook_path, description FROM stages WHERE name = ?",
            rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)},
            start.stage());
    if (existing.isPresent()
        && (start.notebookPath() == null || start.notebookPath().equals(existing.get()[1]))
        && (start.description() == null || start.description().equals(existing.get()[2]))) {
      return (Long) existing.get()[0];
    }
    return Jdbc.queryOne(
            c,
            "INSERT INTO stages (name, notebook_path, description, created_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                + " notebook_path = COALESCE(excluded.notebook_path, stages.notebook_path),"
                + " description = COALESCE(excluded.description, stages.description)"
                + " RETURNING id",
            rs -> rs.getLong(1),
            start.stage(),
            start.notebookPath(),
            start.description(),
            now())
        .orElseThrow();
  }

  /**
   * One firing of a schedule runs once: the unique index on schedule and fire time backs this; the
   * check before the insert names the run that already holds the firing.
   */
  private void checkFiringFree(RunStart start) throws SQLException {
    if (start.schedule() == null || start.fireTime() == null) {
      return;
    }
    Optional<String> holder =
        Jdbc.queryOne(
            c,
            "SELECT id FROM runs WHERE schedule_name = ? AND fire_time = ?",
            rs -> rs.getString(1),
            start.schedule(),
            start.fireTime().toEpochMilli());
    if (holder.isPresent()) {
      throw firingTaken(start, holder.get());
    }
  }

  static FiringTakenException firingTaken(RunStart start, String holder) {
    return new FiringTakenException(
        "schedule '"
            + start.schedule()
            + "' firing at "
            + start.fireTime()
            + " already has run "
            + (holder == null ? "(started concurrently)" : holder.substring(0, 8))
            + ": each firing runs once");
  }

  /** True for the unique-index violation a concurrent start of the same firing gets. */
  public static boolean isFiringTaken(SQLException e) {
    String message = String.valueOf(e.getMessage());
    return "23505".equals(e.getSQLState()) && message.contains("runs_schedule_fire")
        || message.contains("UNIQUE constraint failed: runs.schedule_name, runs.fire_time");
  }

  @Override
  public boolean heartbeat(String runId) {
    return sql(
        () ->
            Jdbc.update(
                    c,
                    "UPDATE runs SET heartbeat_at = ? WHERE id = ? AND status = ?",
                    now(),
                    runId,
                    RunStatus.RUNNING.name())
                == 1);
  }

  @Override
  public Run finishRun(String runId, RunStatus status, String error) {
    if (status == RunStatus.RUNNING) {
      throw new InvalidInputException("a run cannot finish as RUNNING; give a final status");
    }
    return sql(
        () -> {
          long now = now();
          int updated =
              Jdbc.update(
                  c,
                  "UPDATE runs SET status = ?, ended_at = ?, heartbeat_at = ?, error = ?"
                      + " WHERE id = ? AND status IN (?, ?)",
                  status.name(),
                  now,
                  now,
                  error,
                  runId,
                  RunStatus.RUNNING.name(),
                  RunStatus.LOST.name());
          Run run = SqlReader.run(c, runId);
          if (updated == 0) {
            throw new InvalidInputException(
                "run " + run.shortId() + " already finished as " + run.status());
          }
          return run;
        });
  }

  @Override
  public void logParameters(String runId, Map<String, ?> values, SecretMarks marks) {
    Map<String, Parameter> masked = Secrets.mask(values, marks);
    sql(
        () -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO run_params (run_id, name, value, secret) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value,"
                      + " secret = excluded.secret")) {
            for (Parameter p : masked.values()) {
              if (p.name() == null || p.name().isEmpty()) {
                throw new InvalidInputException("a parameter name is empty");
              }
              Jdbc.bind(ps, runId, p.name(), p.value(), p.secret());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public ArtifactVersion logInput(String runId, String ref) {
    ArtifactRef parsed = ArtifactRef.parse(ref);
    return sql(
        () -> {
          ArtifactVersion version = SqlReader.resolve(c, parsed);
          recordInput(runId, version.id());
          return version;
        });
  }

  /** The consumed edge: the run read the version. Recording it twice is recording it once. */
  private void recordInput(String runId, long versionId) throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO run_inputs (run_id, version_id, recorded_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (run_id, version_id) DO NOTHING",
        runId,
        versionId,
        now());
  }

  @Override
  public ArtifactVersion logOutput(String runId, OutputSpec out) {
    return sql(
        () -> {
          long now = now();
          // Look first: most outputs are new versions of artifacts that exist already.
          Optional<Object[]> found =
              Jdbc.queryOne(
                  c,
                  "SELECT id, kind FROM artifacts WHERE name = ?",
                  rs -> new Object[] {rs.getLong(1), rs.getString(2)},
                  out.name());
          if (found.isEmpty()) {
            Jdbc.update(
                c,
                "INSERT INTO artifacts (name, kind, created_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name) DO NOTHING",
                out.name(),
                out.kind().name(),
                now);
            found =
                Jdbc.queryOne(
                    c,
                    "SELECT id, kind FROM artifacts WHERE name = ?",
                    rs -> new Object[] {rs.getLong(1), rs.getString(2)},
                    out.name());
          }
          Object[] artifact = found.orElseThrow();
          long artifactId = (Long) artifact[0];
          if (!out.kind().name().equals(artifact[1])) {
            throw new InvalidInputException(
                "artifact '"
                    + out.name()
                    + "' holds "
                    + artifact[1].toString().toLowerCase(java.util.Locale.ROOT)
                    + " versions; store the "
                    + out.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " under another name");
          }
          Optional<Long> existing =
              Jdbc.queryOne(
                  c,
                  "SELECT id FROM artifact_versions WHERE artifact_id = ? AND content_hash = ?",
                  rs -> rs.getLong(1),
                  artifactId,
                  out.contentHash());
          ArtifactVersion version;
          if (existing.isPresent()) {
            version = SqlReader.version(c, existing.get());
          } else {
            long[] inserted =
                Jdbc.queryOne(
                        c,
                        "INSERT INTO artifact_versions (artifact_id, version, content_hash, size,"
                            + " media_type, schema_json, metadata_json, producer_run_id, created_at)"
                            + " SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ?, ?, ?"
                            + " FROM artifact_versions WHERE artifact_id = ? RETURNING id, version",
                        rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                        artifactId,
                        out.contentHash(),
                        out.size(),
                        out.mediaType(),
                        Json.write(out.schema()),
                        out.metadata(),
                        runId,
                        now,
                        artifactId)
                    .orElseThrow();
            version =
                new ArtifactVersion(
                    inserted[0],
                    out.name(),
                    out.kind(),
                    (int) inserted[1],
                    out.contentHash(),
                    out.size(),
                    out.mediaType(),
                    out.schema(),
                    out.metadata(),
                    runId,
                    Instant.ofEpochMilli(now));
          }
          if (runId != null) {
            Jdbc.update(
                c,
                "INSERT INTO run_outputs (run_id, version_id, recorded_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (run_id, version_id) DO NOTHING",
                runId,
                version.id(),
                now);
          }
          return version;
        });
  }

  @Override
  public ArtifactVersion logExternalInput(String runId, OutputSpec file, boolean stored) {
    if (file.kind() != ArtifactKind.EXTERNAL) {
      throw new InvalidInputException(
          "'" + file.name() + "' is not an external file: record it with logInput");
    }
    ArtifactVersion version = logOutput(null, file);
    return sql(
        () -> {
          Jdbc.update(
              c,
              "UPDATE artifact_versions SET stored = ? WHERE id = ?",
              stored ? 1 : 0,
              version.id());
          recordInput(runId, version.id());
          return version;
        });
  }

  @Override
  public void logMetric(String runId, String key, double value, long step) {
    logMetrics(runId, Map.of(key, value), step);
  }

  @Override
  public void logMetrics(String runId, Map<String, ? extends Number> values, long step) {
    sql(() -> MetricSql.log(c, runId, values, step, now()));
  }

  @Override
  public void logChecks(String runId, List<CheckResult> checks) {
    sql(() -> CheckSql.log(c, runId, checks, now()));
  }

  @Override
  public void setRunTag(String runId, String key, String value) {
    sql(
        () ->
            Jdbc.update(
                c,
                "INSERT INTO run_tags (run_id, tag_key, tag_value) VALUES (?, ?, ?)"
                    + " ON CONFLICT (run_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value",
                runId,
                key,
                value));
  }

  @Override
  public void setVersionTag(String ref, String key, String value) {
    sql(
        () -> {
          ArtifactVersion version = SqlReader.resolve(c, ArtifactRef.parse(ref));
          return Jdbc.update(
              c,
              "INSERT INTO version_tags (version_id, tag_key, tag_value) VALUES (?, ?, ?)"
                  + " ON CONFLICT (version_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value",
              version.id(),
              key,
              value);
        });
  }

  @Override
  public AliasChange setAlias(String versionRef, String alias, String changedBy, String reason) {
    ArtifactNames.validateAlias(alias);
    if (alias.equals("latest")) {
      throw new InvalidInputException(
          "'latest' always means the newest version; pick another alias");
    }
    ArtifactRef ref = ArtifactRef.parse(versionRef);
    return sql(() -> AliasSql.set(c, ref, alias, changedBy, reason, now()));
  }

  @Override
  public AliasChange removeAlias(String artifact, String alias, String changedBy, String reason) {
    return sql(() -> AliasSql.remove(c, artifact, alias, changedBy, reason, now()));
  }

  @Override
  public List<Run> markLost(Duration timeout) {
    return sql(
        () -> {
          long cutoff = now() - timeout.toMillis();
          List<String> ids =
              Jdbc.query(
                  c,
                  "SELECT id FROM runs WHERE status = ? AND heartbeat_at < ?",
                  rs -> rs.getString(1),
                  RunStatus.RUNNING.name(),
                  cutoff);
          for (String id : ids) {
            // The last heartbeat is the best estimate of when the process died.
            Jdbc.update(
                c,
                "UPDATE runs SET status = ?, ended_at = heartbeat_at, error = ? WHERE id = ? AND status = ?",
                RunStatus.LOST.name(),
                "no heartbeat for more than "
                    + timeout.toSeconds()
                    + " s: the process running it is gone",
                id,
                RunStatus.RUNNING.name());
          }
          List<Run> lost = new java.util.ArrayList<>();
          for (String id : ids) {
            lost.add(SqlReader.run(c, id));
          }
          return lost;
        });
  }

  /**
   * Lets lambdas throw SQLException; the transaction around them turns it into a retry or error.
   */
  @FunctionalInterface
  private interface SqlCall<T> {
    T call() throws SQLException;
  }

  private static <T> T sql(SqlCall<T> call) {
    try {
      return call.call();
    } catch (SQLException e) {
      throw new WrappedSqlException(e);
    }
  }
}
