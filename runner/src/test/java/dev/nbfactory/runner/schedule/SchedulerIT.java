package dev.nbfactory.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.registry.ScheduleEvent;
import dev.nbfactory.runner.execute.RunContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler on one machine with a SQLite registry, as real processes: promotion, one run per
 * firing, misfire policies (RELIABILITY 15), SIGTERM (6), kill -9 of a run (5), concurrency,
 * retries, timeout, the failure command and the single-scheduler lock. Heartbeats are 1 s here, so
 * a run is LOST after 3 s of silence.
 */
class SchedulerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LOST_AFTER = Duration.ofSeconds(3);

  @TempDir Path dir;
  private Factory factory;
  private Path folder;

  @BeforeEach
  void init() throws Exception {
    folder = dir.resolve(".factory");
    factory = new Factory(dir, folder.toString());
    assertThat(factory.run("init").exitCode()).isZero();
  }

  private Registry registry() {
    return Registry.open(folder.toString());
  }

  private void promote(String... args) throws Exception {
    Factory.Result r = factory.run(concat("promote", args));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  private static String[] concat(String first, String... rest) {
    String[] out = new String[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private static Run await(Registry registry, String schedule, Predicate<Run> what, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < end) {
      for (Run r : registry.schedules().history(schedule, 100)) {
        if (what.test(r)) {
          return r;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no run of " + schedule + " as wanted within " + limit);
  }

  @Test
  void aPromotedNotebookRunsPinnedOncePerFiringAndASecondStartIsRefused() throws Exception {
    Path nb = factory.notebook("hello", Factory.SLEEP_AND_PRINT);
    Factory.Result bad = factory.run("promote", "hello.ipynb", "--cron", "0 6 * * * *");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr()).contains("invalid cron expression '0 6 * * * *'");
    Factory.Result zone =
        factory.run("promote", "hello.ipynb", "--cron", "0 6 * * *", "--timezone", "Berlin");
    assertThat(zone.stderr()).contains("unknown time zone 'Berlin'").contains("Europe/Berlin");
    Factory.Result param =
        factory.run("promote", "hello.ipynb", "--cron", "0 6 * * *", "-p", "rate", "1");
    assertThat(param.stderr()).contains("does not declare rate").contains("n, sleepMs");

    promote("hello.ipynb", "--cron", "*/1 * * * * ?", "-p", "n", "5");
    // edits after promotion change nothing until promoted again
    Files.writeString(
        nb, Files.readString(nb).replace("\\\"n=\\\"", "\\\"EDITED=\\\""), StandardCharsets.UTF_8);
    // --once fires what fell due since the promotion: let a firing of the 1-second cron pass.
    Thread.sleep(1_500);
    Factory.Result once = factory.run("scheduler", "--once");
    assertThat(once.exitCode()).as(once.stderr()).isZero();
    try (Registry registry = registry()) {
      Schedule s = registry.schedules().get("hello");
      assertThat(s.promotedBy()).isEqualTo(System.getProperty("user.name"));
      List<Run> runs = registry.schedules().history("hello", 10);
      assertThat(runs).hasSize(1);
      Run run = runs.get(0);
      assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(run.kind()).isEqualTo(RunKind.SCHEDULED);
      assertThat(run.fireTime()).isNotNull();
      assertThat(registry.parameters(run.id()))
          .anyMatch(p -> p.name().equals("n") && p.value().equals("5"));
      Path output =
          Files.list(PinnedNotebooks.runs(registry, "hello"))
              .filter(p -> p.toString().endsWith(".ipynb"))
              .findFirst()
              .orElseThrow();
      String text = JSON.readTree(output.toFile()).toString();
      assertThat(text).contains("n=5").doesNotContain("EDITED");

      // the same firing started again by hand: detected, nothing runs
      Path pinned = PinnedNotebooks.materialize(registry, s);
      Factory.Result again =
          factory.run(
              RunContract.firing(
                      "hello",
                      run.fireTime(),
                      1,
                      true,
                      null,
                      "by hand",
                      false,
                      null,
                      RunContract.HEARTBEAT)
                  .toEnvironment(),
              "run",
              pinned.toString(),
              dir.resolve("again.ipynb").toString(),
              "--no-progress");
      assertThat(again.exitCode()).as(again.stderr()).isEqualTo(5);
      assertThat(again.stderr()).contains("already has run " + run.shortId());
      assertThat(registry.schedules().history("hello", 10)).hasSize(1);
    }
  }

  /** RELIABILITY 15: three firings pass with no scheduler up; then skip 0, once 1, all 3. */
  @Test
  void downForThreeFiringsMisfireSkipGivesNoneOnceOneAllThree() throws Exception {
    factory.notebook("m", Factory.SLEEP_AND_PRINT);
    while (ZonedDateTime.now(ZoneOffset.UTC).getSecond() > 35) {
      Thread.sleep(500);
    }
    ZonedDateTime t0 = ZonedDateTime.now(ZoneOffset.UTC).withNano(0).plusSeconds(12);
    String cron =
        String.format(
            "%d,%d,%d %d %d %d %d ? %d",
            t0.getSecond(),
            t0.getSecond() + 1,
            t0.getSecond() + 2,
            t0.getMinute(),
            t0.getHour(),
            t0.getDayOfMonth(),
            t0.getMonthValue(),
            t0.getYear());
    for (String policy : List.of("skip", "once", "all")) {
      promote("m.ipynb", "--name", "m-" + policy, "--cron", cron, "--misfire", policy);
    }
    while (Instant.now().isBefore(t0.toInstant().plusSeconds(4))) {
      Thread.sleep(200);
    }
    // a tolerance of 1 s: all three firings are missed, none is on time
    Factory.Result once = factory.run("scheduler", "--once", "--tolerance", "1s");
    assertThat(once.exitCode()).as(once.stderr()).isZero();
    try (Registry registry = registry()) {
      assertThat(registry.schedules().history("m-skip", 10)).isEmpty();
      assertThat(registry.schedules().events("m-skip", 10))
          .extracting(ScheduleEvent::detail)
          .anyMatch(d -> d != null && d.startsWith("3 missed firing(s)"));
      assertThat(registry.schedules().history("m-once", 10))
          .extracting(Run::fireTime)
          .containsExactly(t0.toInstant().plusSeconds(2));
      assertThat(registry.schedules().history("m-all", 10))
          .extracting(Run::fireTime)
          .containsExactlyInAnyOrder(
              t0.toInstant(), t0.toInstant().plusSeconds(1), t0.toInstant().plusSeconds(2));
      for (String s : List.of("m-once", "m-all")) {
        assertThat(registry.schedules().history(s, 10))
            .allMatch(r -> r.status() == RunStatus.SUCCEEDED);
      }
    }
  }

  /** RELIABILITY 6: SIGTERM: the run is KILLED, its notebook valid JSON, no child left. */
  @Test
  void sigtermKillsTheRunningRunAfterTheGraceAndLeavesNoChild() throws Exception {
    factory.notebook("sleeper", Factory.SLEEP_AND_PRINT);
    promote("sleeper.ipynb", "--cron", "*/1 * * * * ?", "-p", "sleepMs", "120000");
    Process scheduler = factory.start(dir.resolve("scheduler.log"), "scheduler", "--grace", "1s");
    try (Registry registry = registry()) {
      Run running =
          await(registry, "sleeper", r -> r.status() == RunStatus.RUNNING, Duration.ofSeconds(60));
      Thread.sleep(1500); // into the sleeping cell
      List<ProcessHandle> children = Factory.descendants(scheduler);
      assertThat(children).isNotEmpty();
      scheduler.destroy(); // SIGTERM
      assertThat(scheduler.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(scheduler.exitValue()).isEqualTo(143);
      Run killed = registry.run(running.id());
      assertThat(killed.status()).isEqualTo(RunStatus.KILLED);
      assertThat(killed.error()).contains("grace period");
      assertThat(children).noneMatch(ProcessHandle::isAlive);
      Path output =
          Files.list(PinnedNotebooks.runs(registry, "sleeper"))
              .filter(p -> p.toString().endsWith(".ipynb"))
              .findFirst()
              .orElseThrow();
      assertThat(JSON.readTree(output.toFile()).path("cells").isArray()).isTrue();
      assertThat(registry.schedules().running("sleeper")).isEmpty();
    } finally {
      scheduler.destroyForcibly();
    }
  }

  /**
   * RELIABILITY 5: kill -9 of a run, under the scheduler or on its own: LOST with an end time
   * within twice the heartbeat timeout (here 2 x 3 s), never SUCCEEDED.
   */
  @Test
  void aRunKilledWithMinus9IsLostWithinTwiceTheHeartbeatTimeout() throws Exception {
    factory.notebook("sleeper", Factory.SLEEP_AND_PRINT);
    promote("sleeper.ipynb", "--cron", "*/1 * * * * ?", "-p", "sleepMs", "120000");
    Process scheduler = factory.start(dir.resolve("scheduler.log"), "scheduler", "--grace", "1s");
    Process alone = null;
    try (Registry registry = registry()) {
      Run running =
          await(registry, "sleeper", r -> r.status() == RunStatus.RUNNING, Duration.ofSeconds(60));
      // the scheduler's only child is the factory run of this firing (the kernel is embedded)
      ProcessHandle child = Factory.descendants(scheduler).get(0);
      Path dying = null;
      for (long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          dying == null && System.nanoTime() < end; ) {
        Thread.sleep(100);
        try (var files = Files.list(PinnedNotebooks.runs(registry, "sleeper"))) {
          dying =
              files
                  .filter(p -> p.toString().endsWith(".ipynb"))
                  .filter(
                      p ->
                          readQuietly(p).contains("Thread.sleep")
                              && readQuietly(p).contains("\"running\""))
                  .findFirst()
                  .orElse(null);
        }
      }
      assertThat(dying).as("the sleeping cell, saved as running").isNotNull();
      Instant killedAt = Instant.now();
      Factory.signal(child.pid(), "KILL");
      Run lost = awaitStatus(registry, running.id(), RunStatus.LOST, LOST_AFTER.multipliedBy(2));
      assertThat(Duration.between(killedAt, Instant.now())).isLessThan(LOST_AFTER.multipliedBy(2));
      assertThat(lost.endedAt()).isNotNull();
      // the scheduler saw its child die (RELIABILITY 8): the cause, and the dying cell failed
      assertThat(lost.error()).contains("kernel died").contains("killed by signal 9");
      assertThat(Files.readString(dying))
          .contains("KernelDied")
          .containsPattern("\"status\"\\s*:\\s*\"failed\"");

      // a factory run started by hand, killed before it could finish: the scheduler marks it
      alone =
          factory
              .builder(
                  Map.of(),
                  "run",
                  dir.resolve("sleeper.ipynb").toString(),
                  "-p",
                  "sleepMs",
                  "60000")
              .redirectOutput(dir.resolve("alone.log").toFile())
              .redirectErrorStream(true)
              .start();
      Run headless = null;
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (headless == null && System.nanoTime() < end) {
        headless =
            registry.runs(dev.nbfactory.registry.RunQuery.all()).stream()
                .filter(r -> r.kind() == RunKind.HEADLESS && r.status() == RunStatus.RUNNING)
                .findFirst()
                .orElse(null);
        Thread.sleep(100);
      }
      assertThat(headless).isNotNull();
      Instant killed = Instant.now();
      Factory.signal(alone.pid(), "KILL");
      Run lostAlone =
          awaitStatus(registry, headless.id(), RunStatus.LOST, LOST_AFTER.multipliedBy(2));
      assertThat(Duration.between(killed, Instant.now())).isLessThan(LOST_AFTER.multipliedBy(2));
      assertThat(lostAlone.endedAt()).isNotNull();
      assertThat(lostAlone.error()).contains("no heartbeat");
    } finally {
      scheduler.destroy();
      scheduler.waitFor(60, TimeUnit.SECONDS);
      if (alone != null) {
        alone.destroyForcibly();
      }
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static Run awaitStatus(Registry registry, String id, RunStatus status, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.plusSeconds(1).toNanos();
    while (System.nanoTime() < end) {
      Run r = registry.run(id);
      if (r.status() == status) {
        return r;
      }
      assertThat(r.status()).isIn(RunStatus.RUNNING, status);
      Thread.sleep(100);
    }
    throw new AssertionError("run " + id + " is " + registry.run(id).status() + ", not " + status);
  }

  /** Forbid never overlaps, allow does, replace stops the running one (RELIABILITY 15). */
  @Test
  void concurrencyForbidNeverOverlapsAllowOverlapsReplaceKills() throws Exception {
    factory.notebook("busy", Factory.SLEEP_AND_PRINT);
    // light enough for two cores: allow overlaps two runs; replace kills a long run each time
    promote("busy.ipynb", "--name", "c-forbid", "--cron", "*/2 * * * * ?", "-p", "sleepMs", "3000");
    promote(
        "busy.ipynb",
        "--name",
        "c-allow",
        "--cron",
        "*/4 * * * * ?",
        "--concurrency",
        "allow",
        "-p",
        "sleepMs",
        "7000");
    promote(
        "busy.ipynb",
        "--name",
        "c-replace",
        "--cron",
        "*/6 * * * * ?",
        "--concurrency",
        "replace",
        "-p",
        "sleepMs",
        "60000");
    Process scheduler = factory.start(dir.resolve("scheduler.log"), "scheduler", "--grace", "30s");
    try (Registry registry = registry()) {
      await(registry, "c-allow", r -> true, Duration.ofSeconds(60));
      Thread.sleep(20_000);
      scheduler.destroy();
      assertThat(scheduler.waitFor(90, TimeUnit.SECONDS)).isTrue();
      List<Run> forbid = sorted(registry.schedules().history("c-forbid", 100));
      assertThat(forbid).hasSizeGreaterThanOrEqualTo(2);
      for (int i = 1; i < forbid.size(); i++) {
        assertThat(forbid.get(i).startedAt())
            .as("forbid: run %d starts after run %d ended", i, i - 1)
            .isAfterOrEqualTo(forbid.get(i - 1).endedAt());
      }
      List<Run> allow = sorted(registry.schedules().history("c-allow", 100));
      boolean overlapped = false;
      for (int i = 1; i < allow.size(); i++) {
        overlapped |= allow.get(i).startedAt().isBefore(allow.get(i - 1).endedAt());
      }
      assertThat(overlapped).as("allow: some runs overlap").isTrue();
      List<Run> replace = sorted(registry.schedules().history("c-replace", 100));
      assertThat(replace)
          .anyMatch(r -> r.status() == RunStatus.KILLED && r.error().contains("replaced by"));
      for (int i = 1; i < replace.size(); i++) {
        assertThat(replace.get(i - 1).status()).isNotEqualTo(RunStatus.RUNNING);
      }
    } finally {
      scheduler.destroyForcibly();
    }
  }

  private static List<Run> sorted(List<Run> runs) {
    return runs.stream().sorted(Comparator.comparing(Run::startedAt)).toList();
  }

  @Test
  void retriesThenTheFailureCommandAndATimeout() throws Exception {
    factory.notebook("fails", "throw new IllegalStateException(\"bad data \" + n);");
    Path summary = dir.resolve("failure.env");
    promote(
        "fails.ipynb",
        "--cron",
        "0 0 6 * * ?",
        "--retries",
        "1",
        "--retry-delay",
        "1s",
        "--on-failure",
        "env | grep ^FACTORY_ | sort > '" + summary + "'");
    Factory.Result trigger = factory.run("schedules", "trigger", "fails");
    assertThat(trigger.exitCode()).as(trigger.stderr()).isEqualTo(1);
    try (Registry registry = registry()) {
      List<Run> runs = sorted(registry.schedules().history("fails", 10));
      assertThat(runs).hasSize(2).allMatch(r -> r.status() == RunStatus.FAILED);
      assertThat(runs.get(0).fireTime()).isNotNull();
      assertThat(runs.get(1).fireTime()).as("a retry does not claim the firing").isNull();
      assertThat(runs.get(1).nominalTime())
          .as("but was due when the firing was")
          .isEqualTo(runs.get(0).fireTime());
      assertThat(runs.get(1).parentRunId()).isEqualTo(runs.get(0).id());
      assertThat(registry.record(runs.get(1).id()).tags()).containsEntry("factory.attempt", "2");
      String env = Files.readString(summary);
      assertThat(env)
          .contains("FACTORY_RUN_ID=" + runs.get(1).id())
          .contains("FACTORY_RUN_STATUS=FAILED")
          .contains("FACTORY_SCHEDULE=fails")
          .contains("FACTORY_RUN_ERROR=cell 1")
          .contains("bad data 1");
    }

    factory.notebook("slow", Factory.SLEEP_AND_PRINT);
    promote("slow.ipynb", "--cron", "@daily", "--timeout", "4s", "-p", "sleepMs", "60000");
    Instant before = Instant.now();
    Factory.Result slow = factory.run("schedules", "trigger", "slow");
    assertThat(slow.exitCode()).isEqualTo(1);
    assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(40));
    try (Registry registry = registry()) {
      Run timedOut = registry.schedules().history("slow", 1).get(0);
      assertThat(timedOut.status()).isEqualTo(RunStatus.TIMED_OUT);
      assertThat(timedOut.error()).contains("timeout of 4 s");
    }
  }

  @Test
  void aSecondSchedulerOnOneSqliteRegistryIsRefused() throws Exception {
    Process first = factory.start(dir.resolve("first.log"), "scheduler");
    try {
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!Files.readString(dir.resolve("first.log")).contains("started on")
          && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      Factory.Result second = factory.run("scheduler", "--once");
      assertThat(second.exitCode()).isNotZero();
      assertThat(second.stderr())
          .contains("another factory scheduler (pid " + first.pid())
          .contains("PostgreSQL");
    } finally {
      first.destroy();
      first.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code --on-new-file}: a file that lands in the folder, or one that changes, fires one run,
   * which reads the folder as a raw input; files there before the promotion fire nothing, nor does
   * an unchanged file, nor a scheduler started again.
   */
  @Test
  void aFileTriggerRunsTheStageOncePerNewOrChangedFile() throws Exception {
    Path incoming = Files.createDirectories(dir.resolve("incoming"));
    Path old = Files.writeString(incoming.resolve("old.csv"), "x\n1\n");
    Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
    factory.notebook(
        "ingest-new",
        "System.out.println(\"read \" + Factory.file(\"incoming\").toFile().list().length);");
    Factory.Result promoted =
        factory.run("promote", "ingest-new.ipynb", "--on-new-file", "incoming/*.csv");
    assertThat(promoted.exitCode()).as(promoted.stderr()).isZero();
    String glob = incoming.toRealPath() + "/*.csv";
    assertThat(promoted.stdout()).contains("runs on each new or changed file matching " + glob);

    Process scheduler =
        factory.start(
            dir.resolve("scheduler.log"), "scheduler", "--poll", "500ms", "--grace", "1s");
    try (Registry registry = registry()) {
      Thread.sleep(3_000);
      assertThat(registry.schedules().history("ingest-new", 10))
          .as("old.csv was there before the promotion")
          .isEmpty();

      Path landed = Files.writeString(incoming.resolve("new.csv"), "x\n2\n");
      Run first =
          await(
              registry,
              "ingest-new",
              r -> r.status() == RunStatus.SUCCEEDED,
              Duration.ofSeconds(60));
      assertThat(registry.record(first.id()).tags().get("factory.trigger"))
          .startsWith("on-new-file " + landed.toRealPath() + " ");
      assertThat(registry.inputs(first.id()))
          .extracting(v -> v.name())
          .containsExactly("file:" + incoming.toRealPath());

      Files.writeString(old, "x\n1\n3\n");
      String changed = "on-new-file " + old.toRealPath() + " ";
      Run second =
          await(
              registry,
              "ingest-new",
              r ->
                  r.status() == RunStatus.SUCCEEDED
                      && registry.record(r.id()).tags().get("factory.trigger").startsWith(changed),
              Duration.ofSeconds(60));
      assertThat(second.id()).isNotEqualTo(first.id());
      Thread.sleep(3_000);
      assertThat(registry.schedules().history("ingest-new", 10)).hasSize(2);
    } finally {
      scheduler.destroy();
      scheduler.waitFor(60, TimeUnit.SECONDS);
    }
    Factory.Result again = factory.run("scheduler", "--once");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    try (Registry registry = registry()) {
      assertThat(registry.schedules().history("ingest-new", 10))
          .as("no file is new twice")
          .hasSize(2);
    }
  }

  /**
   * {@code --on-new}: each version of the artifact written after the promotion fires one run, which
   * reads that version; versions from before it fire nothing, nor does a scheduler started again.
   */
  @Test
  void anArtifactTriggerRunsTheStageOncePerNewVersionAndReadsThatVersion() throws Exception {
    factory.notebook("make", "Factory.output(\"raw\", \"# version \" + n);");
    factory.notebook(
        "use",
        "System.out.println(\"read \" + java.nio.file.Files.readString(Factory.path(\"raw\")));");
    Factory.Result before = factory.run("run", "make.ipynb", "-p", "n", "1", "--no-progress");
    assertThat(before.exitCode()).as(before.stderr()).isZero();
    promote("use.ipynb", "--on-new", "raw");

    Process scheduler =
        factory.start(
            dir.resolve("scheduler.log"), "scheduler", "--poll", "500ms", "--grace", "1s");
    try (Registry registry = registry()) {
      Thread.sleep(3_000);
      assertThat(registry.schedules().history("use", 10))
          .as("raw@1 was there before the promotion")
          .isEmpty();

      for (int n = 2; n <= 3; n++) {
        Factory.Result make =
            factory.run("run", "make.ipynb", "-p", "n", Integer.toString(n), "--no-progress");
        assertThat(make.exitCode()).as(make.stderr()).isZero();
        int version = n;
        Run run =
            await(
                registry,
                "use",
                r ->
                    r.status() == RunStatus.SUCCEEDED
                        && registry.inputs(r.id()).stream()
                            .anyMatch(v -> v.name().equals("raw") && v.version() == version),
                Duration.ofSeconds(60));
        assertThat(registry.record(run.id()).tags().get("factory.trigger"))
            .startsWith("on-new raw");
        assertThat(registry.schedules().history("use", 10)).hasSize(n - 1);
      }
    } finally {
      scheduler.destroy();
      scheduler.waitFor(60, TimeUnit.SECONDS);
    }
    Factory.Result again = factory.run("scheduler", "--once");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    try (Registry registry = registry()) {
      assertThat(registry.schedules().history("use", 10)).as("no version is new twice").hasSize(2);
      Path newest =
          Files.list(PinnedNotebooks.runs(registry, "use"))
              .filter(p -> p.toString().endsWith(".ipynb"))
              .max(Comparator.comparing(p -> p.toFile().lastModified()))
              .orElseThrow();
      assertThat(Files.readString(newest)).contains("read # version 3");
    }
  }
}
