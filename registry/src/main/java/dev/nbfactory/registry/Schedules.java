package dev.nbfactory.registry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The promoted notebooks of a registry, from {@link Registry#schedules()}: promote, read, pause,
 * resume and delete them, and what a scheduler records as it fires them. Every change made by a
 * person is an event with who made it.
 */
public final class Schedules {
  /** Event names in {@code schedule_events}. */
  public static final String PROMOTED = "PROMOTED";

  public static final String PAUSED = "PAUSED";
  public static final String RESUMED = "RESUMED";
  public static final String DELETED = "DELETED";
  public static final String TRIGGERED = "TRIGGERED";

  /** A metric or drift condition held and fired the schedule; the detail says how. */
  public static final String METRIC_FIRED = "METRIC_FIRED";

  /** A firing a policy did not run: concurrency forbid, misfire skip, shutdown. */
  public static final String SKIPPED = "SKIPPED";

  private final Database database;
  private final Clock clock;

  Schedules(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * Records a promotion: the schedule (whose notebook bytes must already be in the store), who did
   * it and when. Promoting a name again replaces its notebook, trigger and policies and counts up
   * its promotion number; its run history stays. An {@code --on-new} trigger starts from the
   * artifact's newest version now: only later versions fire it.
   */
  public Schedule promote(Schedule draft, String user) {
    Instant now = clock.instant();
    return database.write(
        c -> {
          Long seen =
              draft.onNew() == null
                  ? null
                  : ScheduleSql.newestVersionId(c, draft.onNew()).orElse(0L);
          Schedule stamped = draft.promoted(user, now, 0);
          int number = ScheduleSql.upsert(c, stamped, seen, now.toEpochMilli());
          ScheduleSql.event(
              c,
              draft.name(),
              PROMOTED,
              now.toEpochMilli(),
              user,
              "promotion "
                  + number
                  + " of "
                  + draft.notebookPath()
                  + " (object "
                  + draft
                      .notebookObject()
                      .substring(0, Math.min(12, draft.notebookObject().length()))
                  + ")");
          return ScheduleSql.find(c, draft.name()).orElseThrow();
        });
  }

  public Optional<Schedule> find(String name) {
    return database.read(c -> ScheduleSql.find(c, name));
  }

  /** The schedule; a {@link NotFoundException} naming close names when there is none. */
  public Schedule get(String name) {
    return find(name).orElseThrow(() -> notFound(name));
  }

  public List<Schedule> list() {
    return database.read(ScheduleSql::list);
  }

  public Schedule pause(String name, String user) {
    return setPaused(name, true, user);
  }

  /** Resumes firing; what was missed while paused is forgiven, not caught up. */
  public Schedule resume(String name, String user) {
    return setPaused(name, false, user);
  }

  private Schedule setPaused(String name, boolean paused, String user) {
    long now = clock.millis();
    return database.write(
        c -> {
          if (ScheduleSql.setPaused(c, name, paused, now) == 0) {
            throw notFound(name, ScheduleSql.names(c));
          }
          ScheduleSql.event(c, name, paused ? PAUSED : RESUMED, now, user, null);
          return ScheduleSql.find(c, name).orElseThrow();
        });
  }

  /** Deletes the schedule; its runs and events stay on record. */
  public void delete(String name, String user) {
    long now = clock.millis();
    database.write(
        c -> {
          if (ScheduleSql.delete(c, name) == 0) {
            throw notFound(name, ScheduleSql.names(c));
          }
          ScheduleSql.event(c, name, DELETED, now, user, null);
          return null;
        });
  }

  /** Notes a firing as handled (run or skipped): catch-up after a downtime starts after it. */
  public void markFired(String name, Instant fireTime) {
    database.write(
        c -> {
          ScheduleSql.markFired(c, name, fireTime.toEpochMilli());
          return null;
        });
  }

  /** Records an event, such as a skipped firing, with a detail that says why. */
  public void event(String name, String event, String user, String detail) {
    long now = clock.millis();
    database.write(
        c -> {
          ScheduleSql.event(c, name, event, now, user, detail);
          return null;
        });
  }

  /** The newest events of a schedule, newest first. */
  public List<ScheduleEvent> events(String name, int limit) {
    return database.read(c -> ScheduleSql.events(c, name, limit));
  }

  /** The runs a schedule fired (every attempt), newest first. */
  public List<Run> history(String name, int limit) {
    return database.read(c -> ScheduleSql.runs(c, name, limit));
  }

  /** Runs of the schedule still RUNNING in the registry, oldest first. */
  public List<Run> running(String name) {
    return database.read(c -> ScheduleSql.running(c, name));
  }

  /** The run that holds one firing (the first attempt), if it started. */
  public Optional<Run> firing(String name, Instant fireTime) {
    return database.read(c -> ScheduleSql.firing(c, name, fireTime.toEpochMilli()));
  }

  /**
   * For an {@code --on-new} trigger: the id of the artifact's newest version if it is newer than
   * the last one this schedule saw, which it then records as seen. Atomic: of several schedulers
   * polling at once, exactly one gets each new version.
   */
  public Optional<Long> claimNewVersion(String name, String artifact) {
    return database.write(
        c -> {
          Optional<Long> newest = ScheduleSql.newestVersionId(c, artifact);
          if (newest.isEmpty()) {
            return Optional.<Long>empty();
          }
          return ScheduleSql.markSeen(c, name, newest.get()) ? newest : Optional.<Long>empty();
        });
  }

  /**
   * For an {@code --on-metric} or {@code --on-drift} trigger whose condition holds: records a
   * metric firing now unless the last one is less than {@code cooldown} ago; true if this call
   * claimed it. Atomic and kept in the registry: of several schedulers, or one restarted, exactly
   * one fires per cooldown.
   */
  public boolean claimMetricFiring(String name, java.time.Duration cooldown) {
    long now = clock.millis();
    return database.write(c -> ScheduleSql.claimMetricFiring(c, name, now, cooldown.toMillis()));
  }

  /** When the schedule last fired on a metric or drift condition, if it has. */
  public Optional<Instant> lastMetricFiring(String name) {
    return database.read(c -> ScheduleSql.lastMetricFiring(c, name));
  }

  /**
   * For an {@code --on-new-file} trigger: records that the schedule saw {@code file} with this
   * content; true if that is news (a file it had not seen, or one changed since), which exactly one
   * of several schedulers polling at once gets.
   */
  public boolean claimFile(String name, Path file, String contentHash) {
    return database.write(
        c -> ScheduleSql.claimFile(c, name, file.toString(), contentHash, clock.millis()));
  }

  /**
   * Marks headless and scheduled runs LOST whose process stopped heartbeating more than {@code
   * timeout} ago (killed, machine gone). Interactive runs are never touched.
   */
  public List<Run> markLost(java.time.Duration timeout) {
    long cutoff = clock.millis() - timeout.toMillis();
    return database.write(
        c ->
            ScheduleSql.markLost(
                c,
                cutoff,
                "no heartbeat for more than "
                    + timeout.toSeconds()
                    + " s: the process running it is gone"));
  }

  private NotFoundException notFound(String name) {
    return notFound(name, database.read(ScheduleSql::names));
  }

  private static NotFoundException notFound(String name, List<String> names) {
    return new NotFoundException(
        "no schedule named '" + name + "'" + (names.isEmpty() ? " (none promoted yet)" : ""),
        ScheduleSql.closest(name, names));
  }
}
