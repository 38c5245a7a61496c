package dev.nbfactory.magics.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.testing.TempRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.regression.Regressor;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DatasetsTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  static Table patients() {
    DoubleColumn radius = DoubleColumn.create("radius", new double[] {11.2, 20.5, Double.NaN});
    IntColumn age = IntColumn.create("age", new int[] {40, 61, 55});
    age.setMissing(1);
    return Table.create(
        "patients",
        radius,
        age,
        LongColumn.create("visits", new long[] {1, 2, 3}),
        ShortColumn.create("floor", new short[] {1, 2, 1}),
        FloatColumn.create("weight", new float[] {60.5f, 80f, 70f}),
        BooleanColumn.create("smoker", new boolean[] {true, false, true}),
        StringColumn.create("site", new String[] {"lung", "", "skin"}),
        StringColumn.create("diagnosis", new String[] {"benign", "malignant", "benign"}));
  }

  private static List<String> features(Example<?> example) {
    List<String> out = new ArrayList<>();
    for (Feature f : example) {
      out.add(f.getName() + "=" + f.getValue());
    }
    return out;
  }

  @Test
  void everyColumnTypeBecomesFeaturesAndMissingValuesAreLeftOut() {
    MutableDataset<Label> data = Datasets.classification(patients(), "diagnosis");

    assertThat(data.size()).isEqualTo(3);
    assertThat(data.getExample(0).getOutput().getLabel()).isEqualTo("benign");
    assertThat(features(data.getExample(0)))
        .containsExactly(
            "age=40.0",
            "floor=1.0",
            "radius=11.2",
            "site@lung=1.0",
            "site@skin=0.0",
            "smoker=1.0",
            "visits=1.0",
            "weight=60.5");
    // row 1: age missing, site missing; row 2: radius missing
    assertThat(features(data.getExample(1)))
        .containsExactly("floor=2.0", "radius=20.5", "smoker=0.0", "visits=2.0", "weight=80.0");
    assertThat(features(data.getExample(2))).noneMatch(f -> f.startsWith("radius"));
    assertThat(data.getFeatureMap().keySet()).contains("site@lung", "site@skin");
  }

  /**
   * One-hot features are dense (0 for the column's other values), so a model that standardizes its
   * features learns their spread: with 1 alone where present, Tribuo's MeanStdDevTransformation saw
   * no spread and trained on NaN.
   */
  @Test
  void aStandardizingModelLearnsFromOneHotColumnsAndScoresThem() {
    Table train =
        PredictTest.customers(200, 1)
            .addColumns(
                DoubleColumn.create(
                    "spend",
                    java.util.stream.IntStream.range(0, 200)
                        .mapToDouble(i -> i % 3 == 0 ? 90 : 10)));
    Model<Regressor> model =
        new org.tribuo.transform.TransformTrainer<>(
                new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                    new org.tribuo.regression.sgd.objectives.SquaredLoss(),
                    new org.tribuo.math.optimisers.AdaGrad(0.5),
                    200,
                    1L),
                new org.tribuo.transform.TransformationMap(
                    List.of(new org.tribuo.transform.transformations.MeanStdDevTransformation())))
            .train(Datasets.regression(train, "spend", "plan", "x"));

    Table scored = Predict.with(model).ignoring("y", "churn", "spend").on(train);

    assertThat(scored.doubleColumn("predicted").asList()).doesNotContain(Double.NaN);
    assertThat(scored.doubleColumn("predicted").get(0))
        .isCloseTo(90, org.assertj.core.data.Offset.offset(5.0));
    assertThat(scored.doubleColumn("predicted").get(1))
        .isCloseTo(10, org.assertj.core.data.Offset.offset(5.0));
  }

  @Test
  void namedFeaturesAreTheOnlyOnesAndRegressionTakesANumericTarget() {
    MutableDataset<Label> two =
        Datasets.classification(patients(), "diagnosis", "visits", "smoker");
    MutableDataset<Regressor> weight = Datasets.regression(patients(), "weight", "visits");

    assertThat(features(two.getExample(1))).containsExactly("smoker=0.0", "visits=2.0");
    assertThat(weight.getExample(1).getOutput().getValues()).containsExactly(80.0);
    assertThat(features(weight.getExample(1))).containsExactly("visits=2.0");
  }

  @Test
  void badColumnsAreRefusedNamingThem() {
    Table dated =
        patients()
            .addColumns(
                DateColumn.create(
                    "seen",
                    List.of(
                        LocalDate.of(2026, 1, 1),
                        LocalDate.of(2026, 1, 2),
                        LocalDate.of(2026, 1, 3))));
    Table unlabelled = patients().removeColumns("diagnosis");
    unlabelled.addColumns(
        StringColumn.create("diagnosis", new String[] {"benign", "malignant", ""}));

    assertThatThrownBy(() -> Datasets.classification(dated, "diagnosis"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("column 'seen' is LOCAL_DATE, which cannot be a feature");
    assertThatThrownBy(() -> Datasets.classification(patients(), "label"))
        .hasMessageStartingWith("table 'patients' has no column 'label'");
    assertThatThrownBy(() -> Datasets.regression(patients(), "site"))
        .hasMessage("the regression target 'site' is STRING: it must be a numeric column");
    assertThatThrownBy(() -> Datasets.classification(unlabelled, "diagnosis"))
        .hasMessageStartingWith("the target 'diagnosis' is missing in 1 of 3 rows");
    assertThatThrownBy(() -> Datasets.classification(patients(), "diagnosis", "diagnosis"))
        .hasMessageContaining("cannot be a feature too");
  }

  @Test
  void aModelTrainedOnARegistryTablePointsBackToItsVersionAndHash() {
    FactorySession session =
        new FactorySession(NotebookContext.builder().registry(temp.get()).build());
    session.stage("features");
    ArtifactVersion stored = session.output("patients", patients());
    session.finish();
    session.stage("train");
    Table loaded = session.table("patients");

    Model<Label> model =
        new LogisticRegressionTrainer().train(Datasets.classification(loaded, "diagnosis"));

    String source = model.getProvenance().getDatasetProvenance().getSourceProvenance().toString();
    assertThat(source)
        .contains("registry artifact patients@" + stored.version())
        .contains("sha256:" + stored.contentHash());
    assertThat(
            Datasets.classification(patients(), "diagnosis")
                .getProvenance()
                .getSourceProvenance()
                .toString())
        .doesNotContain("registry artifact");
  }

  /** A server seals outcomes under the column the model learned, found in its provenance. */
  @Test
  void aModelNamesTheTargetItWasTrainedOn() {
    Model<Label> classifier =
        new LogisticRegressionTrainer().train(Datasets.classification(patients(), "diagnosis"));
    Model<Regressor> regressor =
        new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                new org.tribuo.regression.sgd.objectives.SquaredLoss(),
                new org.tribuo.math.optimisers.AdaGrad(0.1),
                1,
                1L)
            .train(Datasets.regression(patients(), "weight", "visits"));
    org.tribuo.classification.LabelFactory labels = new org.tribuo.classification.LabelFactory();
    MutableDataset<Label> handMade =
        new MutableDataset<>(
            new org.tribuo.provenance.SimpleDataSourceProvenance("by hand", labels), labels);
    for (int i = 0; i < 4; i++) {
      handMade.add(
          new org.tribuo.impl.ArrayExample<>(
              new Label(i % 2 == 0 ? "a" : "b"), new String[] {"x"}, new double[] {i}));
    }

    Model<Label> standardized =
        new org.tribuo.transform.TransformTrainer<>(
                new LogisticRegressionTrainer(),
                new org.tribuo.transform.TransformationMap(
                    List.of(new org.tribuo.transform.transformations.MeanStdDevTransformation())))
            .train(Datasets.classification(patients(), "diagnosis"));

    assertThat(Datasets.target(classifier)).contains("diagnosis");
    assertThat(Datasets.target(standardized))
        .as("through a transforming trainer")
        .contains("diagnosis");
    assertThat(Datasets.target(regressor)).contains("weight");
    assertThat(Datasets.target(new LogisticRegressionTrainer().train(handMade))).isEmpty();
  }
}
