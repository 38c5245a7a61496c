package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.runner.execute.FactoryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every template made into a stage ({@link TemplateStages}) and run as one pipeline on the Breast
 * Cancer Wisconsin data; then the drift check between the data and a shifted version of it.
 */
class TemplatesIT {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration TIMEOUT = Duration.ofMinutes(6);
  private static final Map<String, String> ENV = Map.of("FACTORY_HOME", CHECKOUT.toString());

  @TempDir Path dir;

  private void factory(String... args) throws Exception {
    var r = FactoryProcess.run(dir, ENV, TIMEOUT, args);
    assertThat(r.exitCode()).as("factory %s: %s", String.join(" ", args), r.stderr()).isZero();
  }

  private static double metric(Registry registry, String stage, String key) {
    Run run = registry.runs(RunQuery.all().withStage(stage)).get(0);
    return registry.metrics(run.id()).stream()
        .filter(m -> m.key().equals(key))
        .mapToDouble(Metric::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError(stage + " recorded no " + key));
  }

  @Test
  void everyTemplateRunsAsAStageAndTheDriftCheckSeesAShift() throws Exception {
    Path csv = CHECKOUT.resolve("data/breast_cancer_wisconsin.csv");
    factory("init");
    TemplateStages.create(dir, CHECKOUT);

    var run = FactoryProcess.run(dir, ENV, TIMEOUT, "pipeline", "run", "stages");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr()).contains("6 ran, 0 up to date, 0 failed");
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      assertThat(metric(registry, "a-ingest", "rows_clean")).isEqualTo(569);
      assertThat(metric(registry, "a-ingest", "share.malignant")).isBetween(0.37, 0.38);
      assertThat(metric(registry, "b-train", "train_accuracy")).isGreaterThan(0.9);
      assertThat(metric(registry, "c-regress", "r2")).isGreaterThan(0.9);
      assertThat(metric(registry, "d-evaluate", "gate.promoted")).isEqualTo(1);
      assertThat(registry.resolve("my-model@production").version()).isEqualTo(1);
      assertThat(metric(registry, "e-score", "scored")).isEqualTo(569);
      assertThat(registry.resolve("my-scores").schema()).hasSize(3); // predicted, 2 label scores
      assertThat(metric(registry, "f-drift", "psi_max")).isZero(); // one version: no drift
    }

    // New data: malignant tumours only, larger on most measures.
    List<String> lines = Files.readAllLines(csv);
    List<String> shifted = new java.util.ArrayList<>(List.of(lines.get(0)));
    lines.stream().filter(l -> l.endsWith(",malignant")).forEach(shifted::add);
    Files.write(dir.resolve("shifted.csv"), shifted);
    factory(
        "run",
        "stages/a-ingest.ipynb",
        "out/a.ipynb",
        "-p",
        "data",
        dir.resolve("shifted.csv").toString());
    factory("run", "stages/f-drift.ipynb", "out/f.ipynb");
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      assertThat(registry.resolve("cancer").version()).isEqualTo(2);
      assertThat(metric(registry, "f-drift", "psi_max")).isGreaterThan(0.25);
      assertThat(metric(registry, "f-drift", "psi.mean_radius")).isGreaterThan(0.25);
    }
  }
}
