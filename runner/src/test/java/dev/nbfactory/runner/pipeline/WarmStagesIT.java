package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.runner.execute.FactoryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline starts each stage's JVM while the stage before it runs, and holds it until its turn:
 * real {@code factory pipeline run} processes on a real registry. The stage JVM's own start time,
 * recorded as a metric, shows when it started.
 */
class WarmStagesIT {
  @TempDir Path dir;

  private void notebook(String file, String... cells) throws Exception {
    StageNotebooks.write(dir, file, "", cells);
  }

  /** Stage {@code a} runs 4 s then writes; {@code b} reads it and records its JVM's start. */
  private void twoStages() throws Exception {
    notebook(
        "a.ipynb",
        "Factory.stage(\"a\");\nThread.sleep(4000);\n"
            + "Factory.output(\"a-out\", Table.create(\"a\", IntColumn.create(\"v\", 1)));\n"
            + "Factory.metric(\"ended\", System.currentTimeMillis());");
    notebook(
        "b.ipynb",
        "Factory.stage(\"b\");\nFactory.table(\"a-out\");\n"
            + "Factory.metric(\"jvm_started\","
            + " java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());\n"
            + "Factory.metric(\"pid\", ProcessHandle.current().pid());");
  }

  private double metric(Registry registry, String stage, String key) {
    Run run = registry.runs(RunQuery.all().withStage(stage)).get(0);
    return registry.metrics(run.id()).stream()
        .filter(m -> m.key().equals(key))
        .mapToDouble(Metric::value)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theNextStagesJvmStartsWhileTheStageBeforeItRunsAndStillGetsAJvmOfItsOwn() throws Exception {
    twoStages();
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    // on, whatever the machine's cores (by default only with a core to spare)
    var r =
        FactoryProcess.run(dir, Map.of("FACTORY_WARM_STAGES", "1"), "pipeline", "run", "stages");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      double aEnded = metric(registry, "a", "ended");
      double bStarted = metric(registry, "b", "jvm_started");
      assertThat(bStarted).as("b's JVM started before a ended").isLessThan(aEnded);
      assertThat(metric(registry, "b", "pid")).isNotEqualTo((double) ProcessHandle.current().pid());
    }
    assertThat(Files.readString(dir.resolve("output/b.log"))).isNotEmpty();
    assertThat(hiddenFiles(dir.resolve("output"))).isEmpty();

    // Turned off, each stage's JVM starts at its turn.
    var cold =
        FactoryProcess.run(
            dir, Map.of("FACTORY_WARM_STAGES", "0"), "pipeline", "run", "stages", "--force");
    assertThat(cold.exitCode()).as(cold.stderr()).isZero();
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      assertThat(metric(registry, "b", "jvm_started"))
          .isGreaterThan(metric(registry, "a", "ended"));
    }
  }

  @Test
  void aJvmHeldForAStageThatDoesNotRunEndsLeavingNoRunAndNoLog() throws Exception {
    notebook(
        "a.ipynb",
        "Factory.stage(\"a\");\nThread.sleep(2000);\nthrow new IllegalStateException(\"broken\");",
        "Factory.output(\"a-out\", Table.create(\"a\"));");
    notebook("b.ipynb", "Factory.stage(\"b\");\nFactory.table(\"a-out\");");
    notebook(
        "c.ipynb",
        "Factory.stage(\"c\");\n"
            + "Factory.output(\"c-out\", Table.create(\"c\", IntColumn.create(\"v\", 1)));");
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    var r =
        FactoryProcess.run(dir, Map.of("FACTORY_WARM_STAGES", "1"), "pipeline", "run", "stages");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("b not run: 'a' failed");
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      List<String> stages =
          registry.runs(RunQuery.all()).stream()
              .filter(run -> run.kind() != RunKind.PIPELINE)
              .map(Run::stage)
              .sorted()
              .toList();
      assertThat(stages).containsExactly("a", "c");
    }
    assertThat(dir.resolve("output/b.log")).doesNotExist();
    assertThat(hiddenFiles(dir.resolve("output"))).isEmpty();
    // no stage JVM is left behind
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("FactoryCli"))
                .toList())
        .isEmpty();
  }

  private static List<Path> hiddenFiles(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().startsWith(".")).toList();
    }
  }
}
