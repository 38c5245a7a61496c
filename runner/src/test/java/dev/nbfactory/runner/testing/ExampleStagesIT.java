package dev.nbfactory.runner.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example factory's stages tested as a team tests its own, with {@link StageRunner}: each runs
 * through the headless runner on a scratch registry, and the test reads its outputs, variables,
 * metrics and artifacts.
 */
class ExampleStagesIT {
  private static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();

  @TempDir Path dir;

  private static Path stage(String file) {
    return NOTEBOOKS.resolve(file);
  }

  @Test
  void ingestCleansTheDataAndRecordsItsChecks() {
    try (StageRun ingest = StageRunner.in(dir).run(stage("01-ingest.ipynb"))) {
      ingest.assertSucceeded();
      assertThat(ingest.metric("rows")).isEqualTo(569);
      assertThat(ingest.metric("missing_values")).isZero();
      assertThat(ingest.value("clean.rowCount()")).isEqualTo("569");
      assertThat(ingest.output(5)).contains("569 rows, 0 missing values, 0 duplicate rows");
      // the data checks, each recorded with what it observed
      List<dev.nbfactory.registry.CheckResult> checks = ingest.read(r -> r.checks(ingest.runId()));
      assertThat(checks)
          .extracting(c -> c.name() + " " + c.outcome() + ": " + c.observed())
          .containsExactly(
              "noMissing(diagnosis) passed: 0 missing of 569",
              "oneOf(diagnosis, benign, malignant) passed: no values outside",
              "between(mean_radius, 5, 40) passed: min 6.981, max 28.11",
              "rowsAtLeast(500) passed: 569 rows");
      assertThat(ingest.artifacts()).containsKeys("cancer-clean", "ingest.ipynb");
    }
  }

  @Test
  void trainTakesItsParametersAndLearnsTheTrainingSplit() {
    StageRunner stages = StageRunner.in(dir);
    stages.run(stage("01-ingest.ipynb")).assertSucceeded();
    stages.run(stage("02-features.ipynb"), Map.of("testFraction", 0.2)).assertSucceeded();
    try (StageRun train =
        stages.run(stage("03-train.ipynb"), Map.of("algorithm", "cart", "maxDepth", 4))) {
      train.assertSucceeded();
      assertThat(train.value("algorithm + \"/\" + maxDepth")).isEqualTo("cart/4");
      assertThat(train.value("train.size()"))
          .isEqualTo("456"); // 80% of each class: 286 benign + 170 malignant
      assertThat(train.value("classifier.getClass().getSimpleName()"))
          .isEqualTo("CARTClassificationTrainer");
      assertThat(train.metric("train_accuracy")).isGreaterThan(0.9);
      assertThat(train.artifacts()).containsKey("cancer-model");
      // the executed notebook: the injected cell follows the parameters cell
      assertThat(train.output(6)).contains("cart on 456 examples, 30 features");
      List<ArtifactVersion> inputs = train.read(r -> r.inputs(train.runId()));
      assertThat(inputs).extracting(ArtifactVersion::name).containsExactly("cancer-train");
    }
  }

  @Test
  void aFailingCellFailsTheStageWithTheCellAndTheExceptionAndIsRecordedFailed() {
    StageRunner stages = StageRunner.in(dir);
    stages.run(stage("01-ingest.ipynb")).assertSucceeded();
    stages.run(stage("02-features.ipynb")).assertSucceeded();
    try (StageRun train = stages.run(stage("03-train.ipynb"), Map.of("algorithm", "svm"))) {
      assertThat(train.succeeded()).isFalse();
      assertThatThrownBy(train::assertSucceeded)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("train failed at cell 6")
          .hasMessageContaining("IllegalArgumentException")
          .hasMessageContaining("algorithm must be \"logistic\" or \"cart\", not \"svm\"");
      RunStatus status = train.read(r -> r.run(train.runId()).status());
      assertThat(status).isEqualTo(RunStatus.FAILED);
      assertThat(train.artifacts()).doesNotContainKey("cancer-model");
    }
  }

  @Test
  void aParameterTheNotebookDoesNotDeclareFailsBeforeAnythingRuns() {
    StageRunner stages = StageRunner.in(dir);
    assertThatThrownBy(() -> stages.run(stage("03-train.ipynb"), Map.of("epochz", 3)))
        .isInstanceOf(FactoryException.class)
        .hasMessageContaining("epochz");
    try (StageRun ingest = stages.run(stage("01-ingest.ipynb"))) {
      List<Run> runs = ingest.read(r -> r.runs(RunQuery.all()));
      assertThat(runs)
          .as("the refused run left nothing on record")
          .extracting(Run::stage)
          .containsExactly("ingest");
    }
  }
}
