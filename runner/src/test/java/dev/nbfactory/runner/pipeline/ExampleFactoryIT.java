package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.Alias;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.runner.execute.FactoryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example factory of {@code notebooks/} as a user meets it: {@code factory demo} in an empty
 * folder runs the six stages headless, moves {@code production} to the trained model and writes the
 * report; run again, every stage is up to date; a challenger trained with other parameters takes
 * {@code production} only if its held-out accuracy beats the champion's.
 */
class ExampleFactoryIT {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> STAGES =
      List.of("ingest", "features", "train", "evaluate", "report", "score");
  private static final Duration TIMEOUT = Duration.ofMinutes(8);

  @TempDir Path dir;

  private Registry registry() {
    return Registry.open(dir.resolve("demo/.factory").toString());
  }

  private Map<String, Long> successfulRuns() {
    try (Registry registry = registry()) {
      return registry.runs(RunQuery.all().withStatus(RunStatus.SUCCEEDED)).stream()
          .filter(r -> r.kind() != RunKind.PIPELINE) // the demo's own run, checked apart
          .collect(Collectors.groupingBy(Run::stage, Collectors.counting()));
    }
  }

  private static double metric(Registry registry, Run run, String key) {
    return registry.metrics(run.id()).stream()
        .filter(m -> m.key().equals(key))
        .mapToDouble(Metric::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("run " + run.shortId() + " has no metric " + key));
  }

  @Test
  void theDemoRunsTheFactoryThenIsUpToDateAndTheGateOnlyPromotesABetterModel() throws Exception {
    Map<String, String> env = Map.of("FACTORY_HOME", CHECKOUT.toString());
    var first = FactoryProcess.run(dir, env, TIMEOUT, "demo", "--no-loop");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stderr()).contains("6 ran, 0 up to date, 0 failed");
    assertThat(first.stdout())
        .contains("cancer-model@1 (model,")
        .contains("└─ train run")
        .contains("cancer-train@1 (dataset,")
        .contains("cancer-clean@1 (dataset,")
        .contains("report: " + dir.resolve("demo/reports/cancer-report.md"));
    assertThat(successfulRuns())
        .containsExactlyInAnyOrderEntriesOf(
            STAGES.stream().collect(Collectors.toMap(s -> s, s -> 1L)));

    try (Registry registry = registry()) {
      // the pipeline is a run of its own, and the six stage runs belong to it
      Run pipeline = registry.runs(RunQuery.all().withKind(RunKind.PIPELINE)).get(0);
      assertThat(pipeline.stage()).isEqualTo("notebooks");
      assertThat(pipeline.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(registry.runs(RunQuery.all().withKind(RunKind.HEADLESS)))
          .hasSize(STAGES.size())
          .allMatch(r -> pipeline.id().equals(r.parentRunId()));
      assertThat(registry.aliases("cancer-model"))
          .extracting(Alias::alias, Alias::version)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("production", 1));
      Run ingest = registry.runs(RunQuery.all().withStage("ingest")).get(0);
      assertThat(metric(registry, ingest, "rows")).isEqualTo(569);
      assertThat(metric(registry, ingest, "missing_values")).isZero();
      assertThat(metric(registry, ingest, "malignant_share")).isBetween(0.37, 0.38);
      Run evaluate = registry.runs(RunQuery.all().withStage("evaluate")).get(0);
      assertThat(metric(registry, evaluate, "accuracy")).isGreaterThan(0.9);
      assertThat(registry.resolve("cancer-scores").schema()).hasSize(3);
    }
    String report = Files.readString(dir.resolve("demo/reports/cancer-report.md"));
    assertThat(report)
        .contains("| accuracy | 0.9")
        .contains("decision: cancer-model@1 is production")
        .contains("](data:image/png;base64,");
    for (String stage : STAGES) {
      FactoryProcess.validate(dir.resolve("demo/output/" + stage + ".ipynb"));
    }

    var second = FactoryProcess.run(dir, env, TIMEOUT, "demo", "--no-loop");
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stderr()).contains("0 ran, 6 up to date");
    assertThat(successfulRuns().values()).containsOnly(1L);

    // A challenger: a decision tree. Only what depends on the model runs again.
    var challenger =
        FactoryProcess.run(
            dir,
            env,
            TIMEOUT,
            "--registry",
            "demo",
            "pipeline",
            "run",
            CHECKOUT.resolve("notebooks").toString(),
            "-p",
            "train.algorithm",
            "cart",
            "--output-dir",
            "demo/challenger");
    assertThat(challenger.exitCode()).as(challenger.stderr()).isZero();
    assertThat(challenger.stderr()).contains("4 ran, 2 up to date");
    try (Registry registry = registry()) {
      List<Run> evaluations = registry.runs(RunQuery.all().withStage("evaluate"));
      double cart = metric(registry, evaluations.get(0), "accuracy");
      double logistic = metric(registry, evaluations.get(1), "accuracy");
      assertThat(metric(registry, evaluations.get(0), "gate.candidate")).isEqualTo(cart);
      assertThat(metric(registry, evaluations.get(0), "gate.champion")).isEqualTo(logistic);
      // The tree does not beat logistic regression on the held-out rows: the gate keeps version 1.
      assertThat(cart).isLessThanOrEqualTo(logistic);
      assertThat(metric(registry, evaluations.get(0), "gate.promoted")).isZero();
      int production = 1;
      assertThat(registry.resolve("cancer-model@production").version()).isEqualTo(production);
      assertThat(registry.aliasHistory("cancer-model", "production"))
          .singleElement()
          .satisfies(c -> assertThat(c.reason()).startsWith("gate: cancer-model@1 accuracy "));
      // The scores came from the production model, whichever it is.
      assertThat(registry.inputs(registry.runs(RunQuery.all().withStage("score")).get(0).id()))
          .extracting(v -> v.ref())
          .contains("cancer-model@" + production, "cancer-test@1"); // rows it never trained on
    }
  }

  /**
   * The demo's turn of the feedback loop: the production model served, requests from a new scanner
   * answered badly, outcomes back, the --on-metric trigger fires, the pipeline retrains from train
   * on the original rows plus the outcomes, the gate promotes, the server switches, and live
   * accuracy recovers. Then a second demo says the loop turned, and retrains on the outcomes sealed
   * since.
   */
  @Test
  void theDemoTurnsTheFeedbackLoopOnceAndLiveAccuracyRecovers() throws Exception {
    Map<String, String> env = Map.of("FACTORY_HOME", CHECKOUT.toString());
    var first = FactoryProcess.run(dir, env, TIMEOUT, "demo");
    assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
    Matcher fell =
        Pattern.compile("outcomes sent back: live accuracy of cancer-model@1 ([0-9.]+) over 71")
            .matcher(first.stdout());
    assertThat(fell.find()).as(first.stdout()).isTrue();
    assertThat(Double.parseDouble(fell.group(1))).isBetween(0.6, 0.85);
    assertThat(first.stdout())
        .contains(
            "sealed cancer-model.predictions@1 (71 rows) and cancer-model.feedback@1 (71 rows)")
        .contains("the gate promoted cancer-model@2");
    Matcher switched =
        Pattern.compile("the server switched ([0-9.]+) s after").matcher(first.stdout());
    assertThat(switched.find()).isTrue();
    assertThat(Double.parseDouble(switched.group(1))).isBetween(0.0, 2.0);
    Matcher recovered =
        Pattern.compile("requests from the new scanner: live accuracy of cancer-model@2 ([0-9.]+)")
            .matcher(first.stdout());
    assertThat(recovered.find()).as(first.stdout()).isTrue();
    assertThat(Double.parseDouble(recovered.group(1))).isGreaterThan(0.88);
    assertThat(first.stderr())
        .contains("retrain: on-metric cancer-model@production:live_accuracy 0.");
    try (Registry registry = registry()) {
      assertThat(registry.resolve("cancer-model@production").version()).isEqualTo(2);
      Run retrain = registry.runs(RunQuery.all().withStage("train")).get(0);
      assertThat(registry.inputs(retrain.id()))
          .extracting(v -> v.ref())
          .contains("cancer-train@1", "cancer-model.feedback@1");
      Run serving = registry.runs(RunQuery.all().withStage("serve")).get(0);
      assertThat(serving.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(registry.outputs(serving.id()))
          .extracting(v -> v.ref())
          .contains("cancer-model.feedback@1", "cancer-model.feedback@2");
      assertThat(registry.metrics(serving.id()))
          .extracting(Metric::key)
          .contains("live_accuracy", "psi.mean_radius", "class_share.malignant");
      // the second version holds every outcome so far
      assertThat(registry.resolve("cancer-model.feedback@2").size())
          .isGreaterThan(registry.resolve("cancer-model.feedback@1").size() * 3 / 2);
    }

    var second = FactoryProcess.run(dir, env, TIMEOUT, "demo");
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stdout()).contains("the feedback loop turned already");
    assertThat(second.stderr()).contains("4 ran, 2 up to date"); // the outcomes sealed since
  }

  /**
   * The raw data file is the root of the lineage: a changed file re-runs ingest and everything
   * downstream of it; a file with too few rows fails at ingest and nothing downstream runs.
   */
  @Test
  void aChangedDataFileRerunsTheFactoryAndTooFewRowsStopItAtIngest() throws Exception {
    Path data = dir.resolve("data/breast_cancer_wisconsin.csv");
    Files.createDirectories(data.getParent());
    Files.copy(CHECKOUT.resolve("data/breast_cancer_wisconsin.csv"), data);
    Map<String, String> env = Map.of("FACTORY_HOME", CHECKOUT.toString());
    var first = FactoryProcess.run(dir, env, TIMEOUT, "demo", "--no-loop");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    String file = "file:" + data.toRealPath();
    assertThat(first.stdout()).contains("└─ " + file + "@1 (external,");

    List<String> lines = Files.readAllLines(data);
    Files.write(data, lines.subList(0, lines.size() - 1)); // one tumour fewer
    var changed = FactoryProcess.run(dir, env, TIMEOUT, "demo", "--no-loop");
    assertThat(changed.exitCode()).as(changed.stderr()).isZero();
    assertThat(changed.stderr()).doesNotContain("0 ran");
    assertThat(successfulRuns())
        .containsEntry("ingest", 2L)
        .containsEntry("features", 2L)
        .containsEntry("train", 2L)
        .containsEntry("evaluate", 2L);
    try (Registry registry = registry()) {
      Run ingest = registry.runs(RunQuery.all().withStage("ingest")).get(0);
      assertThat(metric(registry, ingest, "rows")).isEqualTo(568);
      assertThat(registry.inputs(ingest.id()))
          .extracting(v -> v.ref())
          .containsExactly(file + "@2");
    }

    int production;
    try (Registry registry = registry()) {
      production = registry.resolve("cancer-model@production").version();
    }
    Files.write(data, lines.subList(0, 400)); // 399 rows: fewer than ingest's minRows = 500
    var cut = FactoryProcess.run(dir, env, TIMEOUT, "demo", "--no-loop");
    assertThat(cut.exitCode()).isNotZero();
    assertThat(cut.stderr()).contains("ingest failed").contains("features not run");
    try (Registry registry = registry()) {
      Run ingest = registry.runs(RunQuery.all().withStage("ingest")).get(0);
      assertThat(ingest.status()).isEqualTo(RunStatus.FAILED);
      assertThat(ingest.error())
          .contains("1 data check failed on cancer-clean")
          .contains("rowsAtLeast(500): 399 rows; expected at least 500");
      assertThat(registry.checks(ingest.id()))
          .extracting(dev.nbfactory.registry.CheckResult::passed)
          .containsExactly(true, true, true, false);
      assertThat(registry.resolve("cancer-model@production").version()).isEqualTo(production);
    }
  }
}
