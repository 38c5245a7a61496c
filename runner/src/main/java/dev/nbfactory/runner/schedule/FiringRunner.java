package dev.nbfactory.runner.schedule;

import dev.nbfactory.registry.ConcurrencyPolicy;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.registry.Schedules;
import dev.nbfactory.runner.execute.ExitCode;
import dev.nbfactory.runner.execute.KernelDeath;
import dev.nbfactory.runner.execute.RunContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs one firing of a schedule: applies its concurrency policy, starts {@code factory run} on the
 * pinned notebook (or {@code factory pipeline run} on a pinned folder) as a child process (attempt
 * after attempt, with back-off), kills it at the timeout, finishes runs a dead child left RUNNING,
 * and calls the failure command after the last failed attempt. Thread-safe: firings of several
 * schedules run at once.
 */
public final class FiringRunner {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Duration TERM_WAIT = Duration.ofSeconds(15);
  private static final int MAX_ERROR_ENV = 4_000;

  private final Registry registry;
  private final SchedulerSettings settings;
  private final PrintWriter log;
  private final Map<String, Set<Child>> active = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  public FiringRunner(Registry registry, SchedulerSettings settings, PrintWriter log) {
    this.registry = registry;
    this.settings = settings;
    this.log = log;
  }

  /** How one attempt ended. */
  public record Attempt(int exitCode, String runId, RunStatus status, String error) {}

  /** One running child. */
  private static final class Child {
    final Process process;
    final Path idFile;
    volatile String stoppedAs;
    volatile String why;

    Child(Process process, Path idFile) {
      this.process = process;
      this.idFile = idFile;
    }

    String runId() {
      try {
        return Files.isRegularFile(idFile)
            ? Files.readString(idFile, StandardCharsets.UTF_8).strip()
            : null;
      } catch (IOException e) {
        return null;
      }
    }
  }

  /** Children running now, across schedules. */
  public int activeCount() {
    return active.values().stream().mapToInt(Set::size).sum();
  }

  /**
   * Runs the firing of {@code schedule} at {@code fireTime}, retries included; returns the last
   * attempt, or empty if the firing was skipped (concurrency forbid, already run elsewhere).
   *
   * @param recoverFrom a run of this firing that a dead node left behind, or null
   * @param trigger what fired it, recorded as a run tag
   */
  public Optional<Attempt> fire(
      Schedule schedule, Instant fireTime, String recoverFrom, String trigger)
      throws InterruptedException {
    if (stopping) {
      return Optional.empty();
    }
    String name = schedule.name();
    if (schedule.concurrency() == ConcurrencyPolicy.FORBID) {
      Optional<String> busy = busy(name);
      if (busy.isPresent()) {
        registry
            .schedules()
            .event(
                name,
                Schedules.SKIPPED,
                null,
                "firing at " + fireTime + ": concurrency forbid, " + busy.get() + " still running");
        say(
            "%s: skipped the firing at %s: %s is still running (forbid)",
            name, fireTime, busy.get());
        return Optional.empty();
      }
    } else if (schedule.concurrency() == ConcurrencyPolicy.REPLACE) {
      replaceRunning(name, fireTime);
    }
    Attempt last = null;
    String parent = recoverFrom;
    for (int attempt = 1; attempt <= schedule.attempts(); attempt++) {
      boolean claim = attempt == 1 && recoverFrom == null;
      last = attempt(schedule, fireTime, attempt, claim, parent, trigger, recoverFrom != null);
      if (last.exitCode() == ExitCode.FIRING_TAKEN.code()) {
        say("%s: the firing at %s already has a run; not run again", name, fireTime);
        return Optional.empty();
      }
      if (last.status() == RunStatus.SUCCEEDED || last.status() == RunStatus.KILLED || stopping) {
        break;
      }
      if (last.exitCode() == ExitCode.USAGE.code()) {
        break; // bad input: another attempt would fail the same way
      }
      if (attempt < schedule.attempts()) {
        Duration delay = schedule.retryDelay().multipliedBy(1L << Math.min(attempt - 1, 16));
        say(
            "%s: attempt %d of %d ended %s; retrying in %s",
            name, attempt, schedule.attempts(), last.status(), delay);
        if (!sleep(delay)) {
          break;
        }
      }
      parent = last.runId() != null ? last.runId() : parent;
    }
    if (last != null && last.status() != RunStatus.SUCCEEDED && !stopping) {
      onFailure(schedule, fireTime, last);
    }
    return Optional.ofNullable(last);
  }

  /** A run of the schedule going on here, or recorded RUNNING with a fresh heartbeat. */
  Optional<String> busy(String name) {
    if (!active.getOrDefault(name, Set.of()).isEmpty()) {
      return Optional.of("a run started by this scheduler");
    }
    Instant fresh = registry.clock().instant().minus(settings.lostAfter());
    return registry.schedules().running(name).stream()
        .filter(r -> r.heartbeatAt().isAfter(fresh))
        .findFirst()
        .map(r -> "run " + r.shortId());
  }

  /**
   * Stops the schedule's running runs: marked KILLED in the registry (a child on another node sees
   * that at its next heartbeat and stops), and children of this node terminated.
   */
  private void replaceRunning(String name, Instant fireTime) throws InterruptedException {
    String why = "replaced by the firing at " + fireTime + " (concurrency replace)";
    for (Run run : registry.schedules().running(name)) {
      finishQuietly(run.id(), RunStatus.KILLED, why);
    }
    for (Child child : List.copyOf(active.getOrDefault(name, Set.of()))) {
      say("%s: stopping run %s: %s", name, child.runId(), why);
      stop(child, RunStatus.KILLED, why, Duration.ZERO);
    }
  }

  private Attempt attempt(
      Schedule schedule,
      Instant fireTime,
      int attempt,
      boolean claim,
      String parent,
      String trigger,
      boolean recovered)
      throws InterruptedException {
    String name = schedule.name();
    Path pinned;
    Path runs;
    try {
      pinned = PinnedNotebooks.materialize(registry, schedule);
      runs = PinnedNotebooks.runs(registry, name);
    } catch (IOException | FactoryException e) {
      say("%s: cannot write the pinned notebook: %s", name, e.getMessage());
      return new Attempt(2, null, RunStatus.FAILED, e.getMessage());
    }
    String stem = STAMP.format(fireTime) + "-a" + attempt + (recovered ? "-recovered" : "");
    Path logFile = runs.resolve(stem + ".log");
    Path idFile = runs.resolve(stem + "." + ProcessHandle.current().pid() + ".runid");
    FiringCommand given;
    try {
      given = FiringCommand.of(schedule, pinned, runs, stem);
    } catch (FactoryException e) {
      say("%s: cannot read the pinned notebook's parameters: %s", name, e.getMessage());
      return new Attempt(2, null, RunStatus.FAILED, e.getMessage());
    }
    Path output = given.output();
    List<String> command = new ArrayList<>(settings.javaCommand());
    command.add("dev.nbfactory.runner.cli.FactoryCli");
    command.addAll(given.arguments());
    ProcessBuilder pb = new ProcessBuilder(command).directory(settings.cwd().toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(settings.env());
    env.putAll(given.environment());
    env.putAll(
        RunContract.firing(
                name,
                fireTime,
                attempt,
                claim,
                parent,
                trigger + " " + fireTime,
                recovered,
                idFile,
                settings.heartbeat())
            .toEnvironment());
    env.put("FACTORY_REGISTRY", registryLocation());
    env.put("FACTORY_OBJECTS", registry.location().objectsLocation());
    pb.redirectErrorStream(true).redirectOutput(logFile.toFile());
    Child child;
    synchronized (this) {
      if (stopping) {
        return new Attempt(143, null, RunStatus.KILLED, "the scheduler is stopping");
      }
      try {
        child = new Child(pb.start(), idFile);
      } catch (IOException e) {
        say("%s: cannot start factory run: %s", name, e.getMessage());
        return new Attempt(2, null, RunStatus.FAILED, e.getMessage());
      }
      active.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(child);
    }
    say(
        "%s: firing at %s, attempt %d%s: started factory run (pid %d), output %s",
        name,
        fireTime,
        attempt,
        recovered ? " (recovering a run a dead node left)" : "",
        child.process.pid(),
        output);
    try {
      boolean ended =
          schedule.timeout() == null
              ? waitFor(child.process)
              : child.process.waitFor(schedule.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        String why =
            "ran past its timeout of "
                + schedule.timeout().toSeconds()
                + " s; stopped by the scheduler";
        say("%s: run %s %s", name, child.runId(), why);
        stop(child, RunStatus.TIMED_OUT, why, Duration.ZERO);
      }
      int exit = child.process.waitFor();
      return settle(name, child, exit, output);
    } finally {
      active.getOrDefault(name, Set.of()).remove(child);
      closeQuietly(child.process.getOutputStream());
      try {
        Files.deleteIfExists(idFile);
      } catch (IOException e) {
        // a stale id file names a finished run; harmless
      }
    }
  }

  private static boolean waitFor(Process p) throws InterruptedException {
    p.waitFor();
    return true;
  }

  /** What the registry says of the child's run once it ended; a run left RUNNING is finished. */
  private Attempt settle(String name, Child child, int exit, Path output) {
    String runId = child.runId();
    if (runId == null) {
      String why =
          child.stoppedAs != null
              ? child.why
              : "factory run ended with exit code " + exit + " before recording a run";
      RunStatus status =
          exit == ExitCode.FIRING_TAKEN.code()
              ? RunStatus.SUCCEEDED
              : child.stoppedAs != null ? RunStatus.valueOf(child.stoppedAs) : RunStatus.FAILED;
      return new Attempt(exit, null, status, why);
    }
    Run run = registry.run(runId);
    if (run.status() == RunStatus.RUNNING) {
      RunStatus status =
          child.stoppedAs != null ? RunStatus.valueOf(child.stoppedAs) : RunStatus.LOST;
      String why = child.why;
      if (child.stoppedAs == null) {
        // Its JVM died under the running cell: say so in the run and in the notebook.
        why =
            KernelDeath.isDeath(exit)
                ? KernelDeath.cause(exit)
                : "the factory run process ended (exit code "
                    + exit
                    + ") without finishing its run";
        try {
          KernelDeath.markDyingCell(output, exit);
        } catch (IOException | RuntimeException e) {
          say("%s: cannot mark the dying cell in %s: %s", name, output, e.getMessage());
        }
      }
      finishQuietly(runId, status, why);
      run = registry.run(runId);
    }
    say(
        "%s: run %s ended %s (exit code %d)%s",
        name,
        run.shortId(),
        run.status(),
        exit,
        run.error() == null ? "" : ": " + firstLine(run.error()));
    return new Attempt(exit, runId, run.status(), run.error());
  }

  /**
   * Stops a child: its run is finished with {@code status} first (so the child's own SIGTERM
   * handling cannot record it otherwise), then SIGTERM, then SIGKILL after a wait.
   */
  private void stop(Child child, RunStatus status, String why, Duration extraWait)
      throws InterruptedException {
    child.stoppedAs = status.name();
    child.why = why;
    String runId = child.runId();
    if (runId != null) {
      finishQuietly(runId, status, why);
    }
    child.process.destroy();
    if (!child.process.waitFor(TERM_WAIT.plus(extraWait).toMillis(), TimeUnit.MILLISECONDS)) {
      child.process.descendants().forEach(ProcessHandle::destroyForcibly);
      child.process.destroyForcibly();
      child.process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * SIGTERM of the scheduler: no new firings; running children get {@code grace} to end on their
   * own, then are stopped and their runs marked KILLED.
   */
  public void shutdown(Duration grace) throws InterruptedException {
    synchronized (this) {
      stopping = true;
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (Set<Child> children : active.values()) {
      for (Child child : List.copyOf(children)) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          child.process.waitFor(left, TimeUnit.NANOSECONDS);
        }
      }
    }
    List<Thread> stoppers = new ArrayList<>();
    for (Set<Child> children : active.values()) {
      for (Child child : List.copyOf(children)) {
        if (child.process.isAlive()) {
          Thread t =
              new Thread(
                  () -> {
                    try {
                      say("stopping run %s: the scheduler is shutting down", child.runId());
                      stop(
                          child,
                          RunStatus.KILLED,
                          "the scheduler was stopped and the run's grace period of "
                              + grace.toSeconds()
                              + " s ended",
                          Duration.ZERO);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
          t.start();
          stoppers.add(t);
        }
      }
    }
    for (Thread t : stoppers) {
      t.join();
    }
  }

  public boolean stopping() {
    return stopping;
  }

  private boolean sleep(Duration d) throws InterruptedException {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      if (stopping) {
        return false;
      }
      Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
    return !stopping;
  }

  /** The failure command, with the last attempt's summary in its environment. */
  private void onFailure(Schedule schedule, Instant fireTime, Attempt last)
      throws InterruptedException {
    if (schedule.onFailure() == null || schedule.onFailure().isBlank()) {
      return;
    }
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", schedule.onFailure());
    pb.directory(settings.cwd().toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(settings.env());
    env.put("FACTORY_SCHEDULE", schedule.name());
    env.put("FACTORY_FIRE_TIME", fireTime.toString());
    env.put("FACTORY_RUN_ID", last.runId() == null ? "" : last.runId());
    env.put("FACTORY_RUN_STATUS", last.status().name());
    env.put("FACTORY_RUN_EXIT_CODE", Integer.toString(last.exitCode()));
    env.put("FACTORY_ATTEMPTS", Integer.toString(schedule.attempts()));
    String error = last.error() == null ? "" : last.error();
    env.put(
        "FACTORY_RUN_ERROR",
        error.length() > MAX_ERROR_ENV ? error.substring(0, MAX_ERROR_ENV) + "..." : error);
    env.put("FACTORY_REGISTRY", registryLocation());
    try {
      Path logFile =
          PinnedNotebooks.runs(registry, schedule.name())
              .resolve(STAMP.format(fireTime) + "-on-failure.log");
      Process p = pb.redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
      closeQuietly(p.getOutputStream());
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        say("%s: the failure command ran past 60 s and was killed", schedule.name());
      } else {
        say("%s: failure command exited %d (log %s)", schedule.name(), p.exitValue(), logFile);
      }
    } catch (IOException e) {
      say("%s: cannot run the failure command: %s", schedule.name(), e.getMessage());
    }
  }

  private String registryLocation() {
    return registry.location().folder() != null && registry.location().isEmbedded()
        ? registry.location().folder().toString()
        : registry.location().jdbcUrl();
  }

  private void finishQuietly(String runId, RunStatus status, String why) {
    try {
      registry.finishRun(runId, status, why);
    } catch (FactoryException e) {
      // finished meanwhile: that record stands
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  private void say(String format, Object... args) {
    synchronized (log) {
      log.printf("%s factory scheduler: %s%n", Instant.now(), String.format(format, args));
      log.flush();
    }
  }
}
