package dev.nbfactory.runner.schedule;

import dev.nbfactory.magics.schedule.CronSchedule;
import dev.nbfactory.registry.ConcurrencyPolicy;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.registry.Schedules;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * One {@code factory scheduler} process. It keeps Quartz's jobs in step with the registry's
 * schedules, and fires each schedule through a one-shot trigger at its next fire time (computed by
 * {@link CronSchedule}, so daylight saving neither skips nor doubles a run), which on firing plans
 * catch-up ({@link CatchUp}) and chains the next. On SQLite it is the only scheduler (a lock file)
 * with Quartz's in-memory store; on PostgreSQL it joins a cluster through Quartz's clustered JDBC
 * store: one node fires each trigger, and a dead node's running job is recovered by another.
 */
public final class SchedulerNode implements AutoCloseable {
  static final String GROUP = "factory";

  private final Registry registry;
  private final SchedulerSettings settings;
  private final PrintWriter log;
  private final Clock clock;
  private final FiringRunner runner;
  private final MetricTriggers metrics;
  private final boolean clustered;
  private final ScheduledExecutorService housekeeping =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "factory-scheduler-housekeeping");
            t.setDaemon(true);
            return t;
          });
  private final ExecutorService artifactFirings = Executors.newCachedThreadPool();
  private SchedulerLock lock;
  private Scheduler quartz;

  public SchedulerNode(Registry registry, SchedulerSettings settings, PrintWriter log) {
    this.registry = registry;
    this.settings = settings;
    this.log = log;
    this.clock = registry.clock();
    this.runner = new FiringRunner(registry, settings, log);
    this.metrics = new MetricTriggers(registry, this::say);
    this.clustered = !registry.location().isEmbedded();
  }

  public FiringRunner runner() {
    return runner;
  }

  /** Takes the lock (SQLite) or joins the cluster (PostgreSQL); marks orphaned runs LOST. */
  private void prepare() throws IOException, SQLException {
    if (clustered) {
      if (QuartzTables.ensure(registry.location().jdbcUrl())) {
        say("created Quartz's job store tables in %s", registry.location().display());
      }
      checkClock();
    } else {
      lock = SchedulerLock.acquire(registry.location().folder());
    }
    markLost();
  }

  /** Starts firing; returns at once. */
  public void start() throws IOException, SQLException, SchedulerException {
    prepare();
    quartz =
        new StdSchedulerFactory(
                QuartzProperties.of(settings, clustered, registry.location().jdbcUrl()))
            .getScheduler();
    quartz.setJobFactory(
        (bundle, scheduler) ->
            bundle.getJobDetail().getJobClass() == FiringJob.Exclusive.class
                ? new FiringJob.Exclusive(this)
                : new FiringJob(this));
    quartz.start();
    sync();
    long beat = settings.heartbeat().toMillis();
    housekeeping.scheduleWithFixedDelay(quietly(this::markLost), beat, beat, TimeUnit.MILLISECONDS);
    long poll = settings.poll().toMillis();
    housekeeping.scheduleWithFixedDelay(
        quietly(
            () -> {
              sync();
              pollArtifacts(false);
            }),
        poll,
        poll,
        TimeUnit.MILLISECONDS);
    if (clustered) {
      housekeeping.scheduleWithFixedDelay(quietly(this::checkClock), 60, 60, TimeUnit.SECONDS);
    }
    say(
        "started on %s (%s), %d schedule(s)",
        registry.location().display(),
        clustered
            ? "clustered through PostgreSQL as " + quartz.getSchedulerInstanceId()
            : "single node",
        registry.schedules().list().size());
  }

  /**
   * {@code --once}: runs what is due now (catch-up by each schedule's misfire policy, and new
   * artifact versions), waits for those runs, and returns.
   */
  public void runOnce() throws IOException, SQLException, InterruptedException {
    prepare();
    List<Future<?>> work = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.threads()));
    try {
      for (Schedule s : registry.schedules().list()) {
        if (s.paused() || s.cron() == null) {
          continue;
        }
        work.add(
            pool.submit(
                () -> {
                  fired(s.name(), null);
                  return null;
                }));
      }
      pollArtifacts(true);
      for (Future<?> f : work) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          report("--once", e.getCause());
        }
      }
      artifactFirings.shutdown();
      artifactFirings.awaitTermination(7, TimeUnit.DAYS);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A schedule's trigger fired (or, with {@code trigger} null, {@code --once} looks): plan which
   * fire times to run, record them handled, chain the next trigger, then run them in order.
   */
  void fired(String name, Instant trigger) throws InterruptedException {
    Optional<Schedule> found = registry.schedules().find(name);
    if (found.isEmpty() || found.get().paused() || found.get().cron() == null) {
      return;
    }
    Schedule s = found.get();
    CronSchedule cron = CronSchedule.parse(s.cron(), s.timeZone());
    Instant now = clock.instant();
    if (trigger != null && now.isBefore(trigger)) {
      now = trigger; // Quartz may fire a few milliseconds early
    }
    Instant baseline = s.lastFireAt() == null ? s.promotedAt() : s.lastFireAt();
    int forbidden = 0;
    if (s.concurrency() == ConcurrencyPolicy.FORBID) {
      // Firings while the previous run went on are skipped (forbid), not caught up later.
      List<Run> last = registry.schedules().history(name, 1);
      if (!last.isEmpty()
          && last.get(0).endedAt() != null
          && last.get(0).endedAt().isAfter(baseline)) {
        forbidden = cron.between(baseline, last.get(0).endedAt(), CatchUp.SCAN_LIMIT).size();
        baseline = last.get(0).endedAt();
      }
    }
    CatchUp plan = CatchUp.plan(cron, baseline, now, settings.tolerance(), s.misfire());
    registry.schedules().markFired(name, plan.handledUpTo());
    if (plan.skipped() > 0 || forbidden > 0) {
      String detail =
          (plan.skipped() > 0
                  ? plan.skipped()
                      + " missed firing(s) before "
                      + now
                      + " (misfire "
                      + s.misfire().name().toLowerCase(java.util.Locale.ROOT)
                      + ")"
                  : "")
              + (forbidden > 0
                  ? (plan.skipped() > 0 ? "; " : "")
                      + forbidden
                      + " firing(s) while the previous run went on (concurrency forbid)"
                  : "");
      registry.schedules().event(name, Schedules.SKIPPED, null, detail);
      say("%s: skipped %s", name, detail);
    }
    if (trigger != null && quartz != null) {
      scheduleNext(s, cron.nextAfter(plan.handledUpTo().isAfter(now) ? plan.handledUpTo() : now));
    }
    for (Instant fire : plan.run()) {
      runner.fire(
          s,
          fire,
          null,
          plan.run().size() > 1 || fire.isBefore(now.minus(settings.tolerance()))
              ? "catch-up"
              : "cron");
    }
  }

  /**
   * Quartz re-fired the job of a node that died while running it: the run that node's child left
   * (LOST once its heartbeat stops, or at once when the child saw its parent die) gets a recovery
   * run, unless it had succeeded.
   */
  void recover(String name, Instant fireTime) throws InterruptedException {
    Optional<Schedule> found = registry.schedules().find(name);
    if (found.isEmpty()) {
      return;
    }
    Optional<Run> holder = registry.schedules().firing(name, fireTime);
    String lost = null;
    if (holder.isPresent()) {
      Run run = waitUntilSettled(holder.get());
      if (run.status() == RunStatus.SUCCEEDED) {
        say("%s: the firing at %s had succeeded before its node died", name, fireTime);
        return;
      }
      lost = run.id();
    }
    say(
        "%s: recovering the firing at %s of a node that died%s",
        name,
        fireTime,
        lost == null
            ? ""
            : " (its run " + lost.substring(0, 8) + " is " + registry.run(lost).status() + ")");
    runner.fire(found.get(), fireTime, lost, "recovery");
  }

  /** Waits while the run still heartbeats; marks it LOST once it does not. */
  private Run waitUntilSettled(Run run) throws InterruptedException {
    while (true) {
      Run now = registry.run(run.id());
      if (now.status() != RunStatus.RUNNING) {
        return now;
      }
      if (now.heartbeatAt().isBefore(clock.instant().minus(settings.lostAfter()))) {
        try {
          return registry.finishRun(
              run.id(), RunStatus.LOST, "its scheduler node died and it stopped heartbeating");
        } catch (FactoryException e) {
          continue;
        }
      }
      Thread.sleep(250);
    }
  }

  /** Keeps Quartz's jobs in step with the registry's schedules. */
  synchronized void sync() throws SchedulerException {
    if (quartz == null || runner.stopping()) {
      return;
    }
    Set<String> wanted = new HashSet<>();
    for (Schedule s : registry.schedules().list()) {
      if (s.paused() || s.cron() == null) {
        continue;
      }
      wanted.add(s.name());
      JobKey key = JobKey.jobKey(s.name(), GROUP);
      String fingerprint =
          String.join(
              "|", s.cron(), s.timeZone(), s.concurrency().name(), Integer.toString(s.promotion()));
      JobDetail existing = quartz.getJobDetail(key);
      if (existing != null
          && fingerprint.equals(existing.getJobDataMap().getString(FiringJob.FINGERPRINT))
          && !quartz.getTriggersOfJob(key).isEmpty()) {
        continue;
      }
      CronSchedule cron = CronSchedule.parse(s.cron(), s.timeZone());
      Instant baseline = s.lastFireAt() == null ? s.promotedAt() : s.lastFireAt();
      Instant first = cron.nextAfter(baseline);
      if (first == null) {
        continue;
      }
      JobDetail job =
          JobBuilder.newJob(
                  s.concurrency() == ConcurrencyPolicy.FORBID
                      ? FiringJob.Exclusive.class
                      : FiringJob.class)
              .withIdentity(key)
              .storeDurably()
              .requestRecovery()
              .usingJobData(FiringJob.SCHEDULE, s.name())
              .usingJobData(FiringJob.FINGERPRINT, fingerprint)
              .build();
      quartz.scheduleJob(job, Set.of(oneShot(key, first)), true);
      say("%s: scheduled, first firing at %s (%s)", s.name(), first, cron);
    }
    for (JobKey key : quartz.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
      if (!wanted.contains(key.getName())) {
        quartz.deleteJob(key);
        say("%s: unscheduled (paused or deleted)", key.getName());
      }
    }
  }

  private void scheduleNext(Schedule s, Instant next) {
    if (next == null || runner.stopping()) {
      return;
    }
    try {
      quartz.scheduleJob(oneShot(JobKey.jobKey(s.name(), GROUP), next));
    } catch (org.quartz.ObjectAlreadyExistsException e) {
      // another node chained the same fire time already
    } catch (SchedulerException e) {
      report(s.name(), e);
    }
  }

  private static Trigger oneShot(JobKey job, Instant at) {
    return TriggerBuilder.newTrigger()
        .withIdentity(job.getName() + "@" + at.toEpochMilli(), GROUP)
        .forJob(job)
        .startAt(Date.from(at))
        .usingJobData(FiringJob.FIRE, at.toString())
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
  }

  /**
   * {@code --on-new}: each new version of the artifact fires its schedules once. {@code
   * --on-metric}, {@code --on-drift}: a condition that holds fires once a cooldown ({@link
   * MetricTriggers}). {@code --on-new-file}: each new or changed file matching the glob fires its
   * schedule once, one file a poll (so firings of one schedule never share a fire time), once it
   * has not changed for {@link NewFiles#SETTLED} (a file still being written waits).
   */
  private void pollArtifacts(boolean once) {
    for (Schedule s : registry.schedules().list()) {
      if (s.paused() || runner.stopping()) {
        continue;
      }
      if (s.onNew() != null) {
        Optional<Long> version = registry.schedules().claimNewVersion(s.name(), s.onNew());
        if (version.isPresent()) {
          say("%s: new version of '%s' (id %d): firing", s.name(), s.onNew(), version.get());
          fireNow(s, "on-new " + s.onNew());
        }
      }
      if (s.onNewFile() != null) {
        // --once takes every file waiting; a running node one a poll, so fire times differ
        for (Optional<Path> file = NewFiles.claimNext(registry, s, clock.instant(), this::say);
            file.isPresent();
            file =
                once
                    ? NewFiles.claimNext(registry, s, clock.instant(), this::say)
                    : Optional.empty()) {
          say("%s: new or changed file %s: firing", s.name(), file.get());
          fireNow(s, "on-new-file " + file.get());
        }
      }
      if (s.metric() != null) {
        metrics.due(s, runner::busy).ifPresent(why -> fireNow(s, why));
      }
    }
  }

  private final Map<String, Instant> lastTriggered = new java.util.concurrent.ConcurrentHashMap<>();

  /** Fires now; two firings of one schedule never share a fire time (its runs' unique key). */
  private void fireNow(Schedule s, String trigger) {
    Instant fire =
        lastTriggered.merge(
            s.name(),
            clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), // as stored
            (last, now) -> now.isAfter(last) ? now : last.plusMillis(1));
    artifactFirings.submit(
        () -> {
          try {
            runner.fire(s, fire, null, trigger);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            report(s.name(), e);
          }
        });
  }

  private void markLost() {
    for (Run run : registry.schedules().markLost(settings.lostAfter())) {
      say(
          "run %s of stage '%s'%s is LOST: no heartbeat since %s",
          run.shortId(),
          run.stage(),
          run.schedule() == null ? "" : " (schedule " + run.schedule() + ")",
          run.heartbeatAt());
    }
  }

  private void checkClock() {
    try {
      ClockCheck.warning(ClockCheck.skew(registry.location().jdbcUrl(), clock))
          .ifPresent(w -> say("%s", w));
    } catch (SQLException e) {
      say("cannot compare clocks with PostgreSQL: %s", e.getMessage());
    }
  }

  /** SIGTERM: no new firings; running children get the grace period, then are stopped. */
  public void shutdown(Duration grace) throws InterruptedException {
    say("stopping: no new firings; %d run(s) get %s to finish", runner.activeCount(), grace);
    housekeeping.shutdownNow();
    try {
      if (quartz != null) {
        quartz.standby();
      }
    } catch (SchedulerException e) {
      report("shutdown", e);
    }
    runner.shutdown(grace);
    artifactFirings.shutdownNow();
    try {
      if (quartz != null) {
        quartz.shutdown(true);
      }
    } catch (SchedulerException e) {
      report("shutdown", e);
    }
    say("stopped");
  }

  void report(String what, Throwable e) {
    say("%s: %s: %s", what, e.getClass().getSimpleName(), e.getMessage());
  }

  private Runnable quietly(ThrowingRunnable r) {
    return () -> {
      try {
        r.run();
      } catch (Exception e) {
        report("housekeeping", e);
      }
    };
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private void say(String format, Object... args) {
    synchronized (log) {
      log.printf("%s factory scheduler: %s%n", Instant.now(), String.format(format, args));
      log.flush();
    }
  }

  @Override
  public void close() throws IOException {
    housekeeping.shutdownNow();
    artifactFirings.shutdownNow();
    if (lock != null) {
      lock.close();
    }
  }

  /** For tests and {@code factory schedules}: environment a child would get. */
  static Map<String, String> childEnv(SchedulerSettings settings) {
    return settings.env();
  }
}
