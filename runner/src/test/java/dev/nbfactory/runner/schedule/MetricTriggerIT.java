package dev.nbfactory.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.Outcome;
import dev.nbfactory.registry.PredictionLog;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.ScheduleEvent;
import dev.nbfactory.registry.Schedules;
import dev.nbfactory.runner.serve.CancerModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the loop, as real processes: a served model whose logged outcomes make its live accuracy
 * low fires its {@code --on-metric} schedule once, the run says why, and neither the running
 * scheduler nor one started again fires it again within the cooldown (RELIABILITY 29); a schedule
 * whose cooldown has passed still never fires while its run goes on. A promoted folder fires as a
 * pipeline from its {@code --from} stage.
 */
class MetricTriggerIT {
  private static final String CONDITION = "cancer-model@production:live_accuracy < 0.92";

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

  /** A trained model in production and 40 served predictions that were all wrong. */
  private void servedBadly() throws Exception {
    try (Registry registry = registry()) {
      CancerModels.train(registry, CancerModels.data(), false);
      Run serving = registry.startRun(RunStart.builder("serve").kind(RunKind.SERVING).build());
      List<PredictionRecord> rows = new ArrayList<>();
      List<Outcome> outcomes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        rows.add(
            PredictionRecord.production(
                "p" + i, "cancer-model", 1, Instant.now(), null, "M", null));
        outcomes.add(new Outcome("p" + i, "B"));
      }
      try (PredictionLog log = PredictionLog.open(registry, serving.id())) {
        log.appendAll(rows);
      }
      registry.predictions().recordFeedback(outcomes);
    }
  }

  private void promote(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("promote"));
    all.addAll(List.of(args));
    Factory.Result r = factory.run(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
  }

  private static List<Run> finished(Registry registry, String schedule) {
    return registry.schedules().history(schedule, 10).stream()
        .filter(r -> r.status() != RunStatus.RUNNING)
        .toList();
  }

  @Test
  void aLowLiveAccuracyFiresOnceACooldownWithItsReasonAndNeverOverItsOwnRun() throws Exception {
    servedBadly();
    factory.notebook("retrain", Factory.SLEEP_AND_PRINT);
    promote("retrain.ipynb", "--on-metric", CONDITION, "--cooldown", "1h");
    factory.notebook("busy", "int n = 1;\nlong sleepMs = 4000;", Factory.SLEEP_AND_PRINT);
    promote("busy.ipynb", "--on-metric", CONDITION, "--cooldown", "1s", "--concurrency", "allow");
    Factory.Result tooFew =
        factory.run(
            "promote",
            "retrain.ipynb",
            "--name",
            "unsure",
            "--on-metric",
            CONDITION,
            "--min-evidence",
            "41");
    assertThat(tooFew.exitCode()).as(tooFew.stderr()).isZero();

    Path log = dir.resolve("scheduler.log");
    Process scheduler = factory.start(log, "scheduler", "--poll", "500ms", "--grace", "1s");
    try (Registry registry = registry()) {
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while ((finished(registry, "retrain").isEmpty() || finished(registry, "busy").size() < 2)
          && System.nanoTime() < end) {
        Thread.sleep(200);
      }
      assertThat(finished(registry, "retrain")).as(Files.readString(log)).hasSize(1);
      Run run = finished(registry, "retrain").get(0);
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(registry.record(run.id()).tags().get("factory.trigger"))
          .startsWith("on-metric cancer-model@production:live_accuracy 0 < 0.92 over 40 outcomes ");
      assertThat(registry.schedules().events("retrain", 10))
          .filteredOn(e -> e.event().equals(Schedules.METRIC_FIRED))
          .extracting(ScheduleEvent::detail)
          .containsExactly(
              "on-metric cancer-model@production:live_accuracy 0 < 0.92 over 40 outcomes");

      // Its cooldown passed long ago, but a run of its own was going: never two at once.
      List<Run> busy =
          registry.schedules().history("busy", 10).stream()
              .sorted(Comparator.comparing(Run::startedAt))
              .toList();
      assertThat(busy).as(Files.readString(log)).hasSizeGreaterThanOrEqualTo(2);
      for (int i = 1; i < busy.size(); i++) {
        assertThat(busy.get(i).startedAt()).isAfterOrEqualTo(busy.get(i - 1).endedAt());
      }

      Thread.sleep(2_000);
      assertThat(registry.schedules().history("retrain", 10))
          .as("accuracy stays low, but the cooldown holds")
          .hasSize(1);
      assertThat(registry.schedules().history("unsure", 10)).as("40 outcomes of 41").isEmpty();
      assertThat(Files.readString(log))
          .contains("unsure: metric trigger waits: " + CONDITION + ": 40 outcomes of the 41");
    } finally {
      scheduler.destroy();
      scheduler.waitFor(60, TimeUnit.SECONDS);
    }
    Factory.Result again = factory.run("scheduler", "--once");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    Factory.Result show = factory.run("schedules", "show", "retrain");
    assertThat(show.stdout())
        .contains("on metric")
        .contains(CONDITION)
        .contains("METRIC_FIRED: on-metric cancer-model@production:live_accuracy 0 < 0.92");
    try (Registry registry = registry()) {
      assertThat(registry.schedules().history("retrain", 10))
          .as("a scheduler started again respects the cooldown")
          .hasSize(1);
    }
  }

  @Test
  void aPromotedFolderFiresAsAPipelineFromItsStageOnThePinnedBytes() throws Exception {
    Path pipeline = Files.createDirectories(dir.resolve("flow"));
    Factory inFlow = new Factory(pipeline, folder.toString());
    inFlow.env.putAll(factory.env);
    inFlow.notebook("make", "Factory.output(\"raw\", \"v\" + n);");
    inFlow.notebook(
        "use",
        "System.out.println(\"read \" + java.nio.file.Files.readString(Factory.path(\"raw\")));");
    Factory.Result first = factory.run("pipeline", "run", "flow", "--output-dir", "out");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    promote("flow", "--cron", "0 0 1 1 *", "--from", "use");
    // edits after the promotion change nothing
    inFlow.notebook("use", "throw new RuntimeException(\"edited\");");

    Factory.Result fired = factory.run("schedules", "trigger", "flow");
    assertThat(fired.exitCode()).as(fired.stdout() + fired.stderr()).isZero();
    try (Registry registry = registry()) {
      Run run = registry.schedules().history("flow", 10).get(0);
      assertThat(run.kind()).isEqualTo(RunKind.PIPELINE);
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(registry.record(run.id()).tags().get("factory.trigger")).startsWith("manual ");
      assertThat(registry.runs(RunQuery.all().withStage("make"))).as("before --from").hasSize(1);
      List<Run> uses = registry.runs(RunQuery.all().withStage("use"));
      assertThat(uses).hasSize(2);
      assertThat(uses.get(0).status()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }
}
