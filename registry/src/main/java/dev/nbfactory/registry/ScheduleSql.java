package dev.nbfactory.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL behind {@link dev.nbfactory.registry.Schedules}; every value bound as a parameter. */
final class ScheduleSql {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> PARAMS =
      new TypeReference<>() {};

  private static final String COLUMNS =
      "name, notebook_path, notebook_file, notebook_object, notebook_hash, cron, time_zone,"
          + " on_new, parameters_json, misfire, concurrency, retries, retry_delay_ms, timeout_ms,"
          + " on_failure, paused, promoted_by, promoted_at, promotion, last_fire_at, on_new_file,"
          + " on_metric, on_drift, cooldown_ms, min_evidence, pipeline_from, grid";

  private ScheduleSql() {}

  public static Optional<Schedule> find(Connection c, String name) throws SQLException {
    Map<String, Map<String, String>> notebooks = stageNotebooks(c, name);
    return Jdbc.queryOne(
        c,
        "SELECT " + COLUMNS + " FROM schedules WHERE name = ?",
        rs -> schedule(rs, notebooks),
        name);
  }

  public static List<Schedule> list(Connection c) throws SQLException {
    Map<String, Map<String, String>> notebooks = stageNotebooks(c, null);
    return Jdbc.query(
        c, "SELECT " + COLUMNS + " FROM schedules ORDER BY name", rs -> schedule(rs, notebooks));
  }

  /** Pipeline schedules' pinned notebooks, by schedule name (one schedule's, or all with null). */
  private static Map<String, Map<String, String>> stageNotebooks(Connection c, String name)
      throws SQLException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String[] row :
        Jdbc.query(
            c,
            "SELECT schedule_name, file, notebook_object FROM schedule_notebooks"
                + (name == null ? "" : " WHERE schedule_name = ?")
                + " ORDER BY schedule_name, file",
            rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
            name == null ? new Object[0] : new Object[] {name})) {
      out.computeIfAbsent(row[0], k -> new LinkedHashMap<>()).put(row[1], row[2]);
    }
    return out;
  }

  public static List<String> names(Connection c) throws SQLException {
    return Jdbc.query(c, "SELECT name FROM schedules ORDER BY name", rs -> rs.getString(1));
  }

  /** Inserts or replaces the schedule; returns the promotion number it got. */
  public static int upsert(Connection c, Schedule s, Long lastSeenVersion, long now)
      throws SQLException {
    int previous =
        Jdbc.queryOne(
                c, "SELECT promotion FROM schedules WHERE name = ?", rs -> rs.getInt(1), s.name())
            .orElse(0);
    // Promoting again keeps the cooldown running: a new promotion is no reason to fire at once.
    Long lastMetricFire =
        Jdbc.queryOne(
                c,
                "SELECT last_metric_fire_at FROM schedules"
                    + " WHERE name = ? AND last_metric_fire_at IS NOT NULL",
                rs -> rs.getLong(1),
                s.name())
            .orElse(null);
    Jdbc.update(c, "DELETE FROM schedules WHERE name = ?", s.name());
    int number = previous + 1;
    Jdbc.update(
        c,
        "INSERT INTO schedules ("
            + COLUMNS
            + ", last_seen_version, updated_at, last_metric_fire_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.name(),
        s.notebookPath(),
        s.notebookFile(),
        s.notebookObject(),
        s.notebookHash(),
        s.cron(),
        s.timeZone(),
        s.onNew(),
        json(s.parameters()),
        s.misfire().name(),
        s.concurrency().name(),
        s.retries(),
        s.retryDelay().toMillis(),
        s.timeout() == null ? null : s.timeout().toMillis(),
        s.onFailure(),
        false,
        s.promotedBy(),
        s.promotedAt().toEpochMilli(),
        number,
        s.lastFireAt() == null ? now : s.lastFireAt().toEpochMilli(),
        s.onNewFile(),
        s.metric() == null ? null : s.metric().onMetric(),
        s.metric() == null ? null : s.metric().onDrift(),
        s.metric() == null ? null : s.metric().cooldown().toMillis(),
        s.metric() == null ? null : s.metric().minEvidence(),
        s.pipelineFrom(),
        s.grid(),
        lastSeenVersion,
        now,
        lastMetricFire);
    Jdbc.update(c, "DELETE FROM schedule_notebooks WHERE schedule_name = ?", s.name());
    for (Map.Entry<String, String> nb : s.stageNotebooks().entrySet()) {
      Jdbc.update(
          c,
          "INSERT INTO schedule_notebooks (schedule_name, file, notebook_object) VALUES (?, ?, ?)",
          s.name(),
          nb.getKey(),
          nb.getValue());
    }
    return number;
  }

  public static int setPaused(Connection c, String name, boolean paused, long now)
      throws SQLException {
    // Resuming forgives what was missed while paused: catch-up starts from now.
    return Jdbc.update(
        c,
        paused
            ? "UPDATE schedules SET paused = ?, updated_at = ? WHERE name = ?"
            : "UPDATE schedules SET paused = ?, updated_at = ?, last_fire_at = "
                + now
                + " WHERE name = ?",
        paused,
        now,
        name);
  }

  public static int delete(Connection c, String name) throws SQLException {
    Jdbc.update(c, "DELETE FROM schedule_files WHERE schedule_name = ?", name);
    Jdbc.update(c, "DELETE FROM schedule_notebooks WHERE schedule_name = ?", name);
    return Jdbc.update(c, "DELETE FROM schedules WHERE name = ?", name);
  }

  /**
   * Records that the schedule saw the file with this content; true if that is news (a file not seen
   * before, or changed since), which only one caller gets.
   */
  public static boolean claimFile(
      Connection c, String name, String path, String contentHash, long now) throws SQLException {
    int inserted =
        Jdbc.update(
            c,
            "INSERT INTO schedule_files (schedule_name, path, content_hash, seen_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (schedule_name, path) DO NOTHING",
            name,
            path,
            contentHash,
            now);
    return inserted == 1
        || Jdbc.update(
                c,
                "UPDATE schedule_files SET content_hash = ?, seen_at = ?"
                    + " WHERE schedule_name = ? AND path = ? AND content_hash <> ?",
                contentHash,
                now,
                name,
                path,
                contentHash)
            == 1;
  }

  /** Moves the catch-up mark forward, never back. */
  public static void markFired(Connection c, String name, long fireTime) throws SQLException {
    Jdbc.update(
        c,
        "UPDATE schedules SET last_fire_at = ? WHERE name = ?"
            + " AND (last_fire_at IS NULL OR last_fire_at < ?)",
        fireTime,
        name,
        fireTime);
  }

  /**
   * Claims a metric firing at {@code now} unless the schedule fired on a metric less than {@code
   * cooldownMs} before; true if this call claimed it. One statement, so of several schedulers
   * evaluating at once exactly one gets it.
   */
  public static boolean claimMetricFiring(Connection c, String name, long now, long cooldownMs)
      throws SQLException {
    return Jdbc.update(
            c,
            "UPDATE schedules SET last_metric_fire_at = ? WHERE name = ?"
                + " AND (last_metric_fire_at IS NULL OR last_metric_fire_at <= ?)",
            now,
            name,
            now - cooldownMs)
        == 1;
  }

  public static Optional<Instant> lastMetricFiring(Connection c, String name) throws SQLException {
    return Jdbc.queryOne(
            c,
            "SELECT last_metric_fire_at FROM schedules"
                + " WHERE name = ? AND last_metric_fire_at IS NOT NULL",
            rs -> rs.getLong(1),
            name)
        .map(Instant::ofEpochMilli);
  }

  public static Optional<Long> lastSeenVersion(Connection c, String name) throws SQLException {
    return Jdbc.queryOne(
        c,
        "SELECT last_seen_version FROM schedules WHERE name = ?",
        rs -> Jdbc.longOrNull(rs, "last_seen_version"),
        name);
  }

  /** Records that versions up to {@code versionId} were seen; true if this call moved it. */
  public static boolean markSeen(Connection c, String name, long versionId) throws SQLException {
    return Jdbc.update(
            c,
            "UPDATE schedules SET last_seen_version = ? WHERE name = ?"
                + " AND (last_seen_version IS NULL OR last_seen_version < ?)",
            versionId,
            name,
            versionId)
        == 1;
  }

  /** Id of the newest version of an artifact, or empty when it has none (or does not exist). */
  public static Optional<Long> newestVersionId(Connection c, String artifact) throws SQLException {
    return Jdbc.queryOne(
        c,
        "SELECT MAX(v.id) AS newest FROM artifact_versions v JOIN artifacts a ON a.id = v.artifact_id"
            + " WHERE a.name = ?",
        rs -> Jdbc.longOrNull(rs, "newest"),
        artifact);
  }

  public static void event(
      Connection c, String name, String event, long at, String user, String detail)
      throws SQLException {
    Jdbc.update(
        c,
        "INSERT INTO schedule_events (schedule_name, event, at, by_user, detail)"
            + " VALUES (?, ?, ?, ?, ?)",
        name,
        event,
        at,
        user,
        detail);
  }

  public static List<ScheduleEvent> events(Connection c, String name, int limit)
      throws SQLException {
    List<ScheduleEvent> newestFirst =
        Jdbc.query(
            c,
            "SELECT id, schedule_name, event, at, by_user, detail FROM schedule_events"
                + " WHERE schedule_name = ? ORDER BY id DESC LIMIT ?",
            rs ->
                new ScheduleEvent(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    Instant.ofEpochMilli(rs.getLong(4)),
                    rs.getString(5),
                    rs.getString(6)),
            name,
            limit);
    return newestFirst;
  }

  /** The schedule's runs, newest first. */
  public static List<Run> runs(Connection c, String name, int limit) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT "
            + SqlReader.RUN_COLUMNS
            + SqlReader.RUN_FROM
            + " WHERE r.schedule_name = ? ORDER BY r.started_at DESC, r.id LIMIT ?",
        SqlReader::run,
        name,
        limit);
  }

  public static List<Run> running(Connection c, String name) throws SQLException {
    return Jdbc.query(
        c,
        "SELECT "
            + SqlReader.RUN_COLUMNS
            + SqlReader.RUN_FROM
            + " WHERE r.schedule_name = ? AND r.status = ? ORDER BY r.started_at",
        SqlReader::run,
        name,
        RunStatus.RUNNING.name());
  }

  /** The run that holds a firing (its first attempt), if one was started. */
  public static Optional<Run> firing(Connection c, String name, long fireTime) throws SQLException {
    return Jdbc.queryOne(
        c,
        "SELECT "
            + SqlReader.RUN_COLUMNS
            + SqlReader.RUN_FROM
            + " WHERE r.schedule_name = ? AND r.fire_time = ?",
        SqlReader::run,
        name,
        fireTime);
  }

  /**
   * Marks headless and scheduled runs whose heartbeat is older than the timeout LOST, ended at
   * their last heartbeat. Interactive runs are left alone: a kernel does not heartbeat.
   */
  public static List<Run> markLost(Connection c, long cutoff, String why) throws SQLException {
    List<String> ids =
        Jdbc.query(
            c,
            "SELECT id FROM runs WHERE status = ? AND heartbeat_at < ? AND kind IN (?, ?)",
            rs -> rs.getString(1),
            RunStatus.RUNNING.name(),
            cutoff,
            "SCHEDULED",
            "HEADLESS");
    List<Run> out = new java.util.ArrayList<>();
    for (String id : ids) {
      Jdbc.update(
          c,
          "UPDATE runs SET status = ?, ended_at = heartbeat_at, error = ? WHERE id = ? AND status = ?",
          RunStatus.LOST.name(),
          why,
          id,
          RunStatus.RUNNING.name());
      out.add(SqlReader.run(c, id));
    }
    return out;
  }

  /** Names close to a mistyped one, for "did you mean". */
  public static List<String> closest(String wanted, List<String> known) {
    return Suggestions.closest(wanted, known);
  }

  private static Schedule schedule(ResultSet rs, Map<String, Map<String, String>> notebooks)
      throws SQLException {
    Long timeout = Jdbc.longOrNull(rs, "timeout_ms");
    Long lastFire = Jdbc.longOrNull(rs, "last_fire_at");
    String onMetric = rs.getString("on_metric");
    String onDrift = rs.getString("on_drift");
    Long cooldown = Jdbc.longOrNull(rs, "cooldown_ms");
    MetricTrigger metric =
        onMetric == null && onDrift == null
            ? null
            : new MetricTrigger(
                onMetric,
                onDrift,
                cooldown == null ? null : Duration.ofMillis(cooldown),
                rs.getInt("min_evidence"));
    return new Schedule(
        rs.getString("name"),
        rs.getString("notebook_path"),
        rs.getString("notebook_file"),
        rs.getString("notebook_object"),
        rs.getString("notebook_hash"),
        rs.getString("cron"),
        rs.getString("time_zone"),
        rs.getString("on_new"),
        rs.getString("on_new_file"),
        params(rs.getString("parameters_json")),
        MisfirePolicy.valueOf(rs.getString("misfire")),
        ConcurrencyPolicy.valueOf(rs.getString("concurrency")),
        rs.getInt("retries"),
        Duration.ofMillis(rs.getLong("retry_delay_ms")),
        timeout == null ? null : Duration.ofMillis(timeout),
        rs.getString("on_failure"),
        rs.getInt("paused") != 0,
        rs.getString("promoted_by"),
        Instant.ofEpochMilli(rs.getLong("promoted_at")),
        rs.getInt("promotion"),
        lastFire == null ? null : Instant.ofEpochMilli(lastFire),
        metric,
        notebooks.getOrDefault(rs.getString("name"), Map.of()),
        rs.getString("pipeline_from"),
        rs.getString("grid"));
  }

  private static String json(Map<String, String> params) {
    try {
      return JSON.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      throw new RegistryException("cannot encode parameters", e);
    }
  }

  private static Map<String, String> params(String json) {
    try {
      return JSON.readValue(json, PARAMS);
    } catch (JsonProcessingException e) {
      throw new RegistryException("registry holds malformed JSON: " + e.getOriginalMessage(), e);
    }
  }
}
