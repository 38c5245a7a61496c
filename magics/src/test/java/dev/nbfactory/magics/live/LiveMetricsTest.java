package dev.nbfactory.magics.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.magics.helpers.Datasets;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Outcome;
import dev.nbfactory.registry.PredictionLog;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.testing.TempRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Live figures from a real registry's prediction log: a model trained in a stage run that read its
 * training data, decisions logged as a server logs them, outcomes sent back.
 */
class LiveMetricsTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  private static Table customers(int n, long seed, double shift) {
    Random random = new Random(seed);
    DoubleColumn x = DoubleColumn.create("x");
    DoubleColumn y = DoubleColumn.create("y");
    StringColumn churn = StringColumn.create("churn");
    for (int i = 0; i < n; i++) {
      double a = random.nextGaussian() + shift;
      double b = random.nextGaussian();
      x.append(a);
      y.append(b);
      churn.append(a + b > 0 ? "yes" : "no");
    }
    return Table.create("customers", x, y, churn);
  }

  /** Trains churn-model in a stage run that reads customers-train, as a notebook would. */
  private ArtifactVersion train() {
    FactorySession session =
        new FactorySession(NotebookContext.builder().registry(temp.get()).build());
    session.stage("prepare");
    session.output("customers-train", customers(400, 1, 0));
    session.finish();
    session.stage("train");
    Table train = session.table("customers-train");
    Model<Label> model =
        new LogisticRegressionTrainer().train(Datasets.classification(train, "churn"));
    ArtifactVersion version = session.output("churn-model", model);
    session.finish();
    return version;
  }

  /**
   * Logs {@code rows} as decisions of {@code model}: the output is {@code predicted} of each row;
   * the first {@code withOutcome} rows get their true outcome back.
   */
  private void serve(ArtifactVersion model, Table rows, List<String> predicted, int withOutcome) {
    Registry registry = temp.get();
    Run run = registry.startRun(RunStart.builder("serve").kind(RunKind.SERVING).build());
    List<Outcome> outcomes = new ArrayList<>();
    try (PredictionLog log = PredictionLog.open(registry, run.id())) {
      for (int r = 0; r < rows.rowCount(); r++) {
        String id = "req-" + model.version() + "-" + r;
        String features =
            String.format(
                Locale.ROOT,
                "{\"x\":%s,\"y\":%s}",
                rows.doubleColumn("x").get(r),
                rows.doubleColumn("y").get(r));
        log.append(
            PredictionRecord.production(
                id,
                model.name(),
                model.version(),
                Instant.now(),
                features,
                predicted.get(r),
                null));
        if (r < withOutcome) {
          outcomes.add(new Outcome(id, rows.stringColumn("churn").get(r)));
        }
      }
    }
    registry.predictions().recordFeedback(outcomes);
  }

  @Test
  void accuracyClassSharesAndDriftFromTheLogAndTheTrainingDataFoundThroughLineage() {
    ArtifactVersion model = train();
    Table live = customers(200, 2, 0);
    List<String> truth = live.stringColumn("churn").asList();
    List<String> predicted = new ArrayList<>(truth);
    for (int i = 0; i < 50; i++) {
      predicted.set(i, truth.get(i).equals("yes") ? "no" : "yes"); // 50 wrong of the 100 joined
    }
    serve(model, live, predicted, 100);

    LiveFigures figures =
        new LiveMetrics(temp.get(), 500).measure(model, PredictionRecord.Role.PRODUCTION);

    assertThat(figures.predictions()).isEqualTo(200);
    assertThat(figures.outcomes()).isEqualTo(100);
    assertThat(figures.accuracy()).isCloseTo(0.5, within(1e-9));
    assertThat(figures.rmse()).isNull();
    long yes = predicted.stream().filter("yes"::equals).count();
    assertThat(figures.classShares()).containsOnlyKeys("no", "yes");
    assertThat(figures.classShares().get("yes")).isCloseTo(yes / 200.0, within(1e-9));
    // the same population as the training data: stable
    assertThat(figures.psi()).containsOnlyKeys("x", "y");
    assertThat(figures.maxPsi().getAsDouble()).isLessThan(0.1);
    assertThat(figures.nullShares()).containsEntry("x", 0.0);
    assertThat(figures.note()).isNull();
    assertThat(figures.metrics())
        .containsEntry("live_accuracy", 0.5)
        .containsEntry("live_outcomes", 100.0)
        .containsKeys("class_share.yes", "psi.x", "psi_max", "null_share.y");
  }

  @Test
  void aShiftedFeatureDriftsAndAWindowKeepsTheNewestRows() {
    ArtifactVersion model = train();
    Table shifted = customers(300, 3, 2.5);
    serve(model, shifted, shifted.stringColumn("churn").asList(), 300);

    LiveFigures figures =
        new LiveMetrics(temp.get(), 100).measure(model, PredictionRecord.Role.PRODUCTION);

    assertThat(figures.predictions()).isEqualTo(100);
    assertThat(figures.outcomes()).isEqualTo(100);
    assertThat(figures.accuracy()).isEqualTo(1.0);
    assertThat(figures.psi().get("x")).isGreaterThan(0.25);
    assertThat(figures.psi().get("y")).isLessThan(0.25);
    assertThat(figures.metrics().get("psi_max")).isEqualTo(figures.psi().get("x"));
  }

  @Test
  void aShadowsFiguresAreKeptApartAndNoLogMeansNoFigures() {
    ArtifactVersion model = train();

    LiveFigures figures =
        new LiveMetrics(temp.get(), 100).measure(model, PredictionRecord.Role.SHADOW);

    assertThat(figures.predictions()).isZero();
    assertThat(figures.accuracy()).isNull();
    assertThat(figures.psi()).isEmpty();
    assertThat(figures.metrics())
        .containsOnlyKeys("shadow.live_outcomes", "shadow.live_predictions");
  }
}
