package dev.nbfactory.magics.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class PredictTest {
  /** Two numeric features and a plan, the label following x + y. */
  static Table customers(int n, long seed) {
    Random random = new Random(seed);
    DoubleColumn x = DoubleColumn.create("x");
    DoubleColumn y = DoubleColumn.create("y");
    StringColumn plan = StringColumn.create("plan");
    StringColumn churn = StringColumn.create("churn");
    for (int i = 0; i < n; i++) {
      double a = random.nextGaussian();
      double b = random.nextGaussian();
      x.append(a);
      y.append(b);
      plan.append(i % 3 == 0 ? "pro" : "basic");
      churn.append(a + b > 0 ? "yes" : "no");
    }
    return Table.create("customers", x, y, plan, churn);
  }

  @Test
  void aModelScoresTheSameThroughPredictAsThroughTheHandWrittenLoop() {
    Table train = customers(300, 1);
    Model<Label> model =
        new LogisticRegressionTrainer().train(Datasets.classification(train, "churn", "x", "y"));
    Table batch = customers(50, 2).removeColumns("churn", "plan");

    Table scored = Predict.with(model).on(batch);

    // the loop every scoring notebook used to carry
    String[] features = {"x", "y"};
    int i = 0;
    for (Row row : batch) {
      double[] values = new double[features.length];
      for (int j = 0; j < features.length; j++) {
        values[j] = row.getNumber(features[j]);
      }
      Prediction<Label> p =
          model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, features, values));
      assertThat(scored.stringColumn("predicted").get(i)).isEqualTo(p.getOutput().getLabel());
      assertThat(scored.doubleColumn("p_yes").get(i))
          .isEqualTo(p.getOutputScores().get("yes").getScore());
      i++;
    }
    assertThat(scored.columnNames()).containsExactly("x", "y", "predicted", "p_no", "p_yes");
    assertThat(batch.columnCount()).isEqualTo(2);
  }

  @Test
  void oneHotColumnsScoreAndUnknownColumnsAreWarnedAboutOnce() {
    Table train = customers(300, 1);
    Model<Label> model =
        new LogisticRegressionTrainer().train(Datasets.classification(train, "churn"));
    ByteArrayOutputStream warned = new ByteArrayOutputStream();
    Table batch = customers(20, 3).addColumns(IntColumn.indexColumn("id", 20, 1));

    Table scored =
        Predict.with(model)
            .warningsTo(new PrintStream(warned, true, StandardCharsets.UTF_8))
            .on(batch);
    Table quiet =
        Predict.with(model)
            .ignoring("id", "churn")
            .warningsTo(new PrintStream(warned, true, StandardCharsets.UTF_8))
            .on(batch);

    assertThat(warned.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "Predict: the model does not know columns churn, id; ignored (name them in"
                + " ignoring(...) to say so)\n");
    assertThat(scored.stringColumn("predicted").asList())
        .isEqualTo(quiet.stringColumn("predicted").asList());
  }

  @Test
  void aFeatureTheModelNeedsAndTheTableLacksIsAnErrorNamingIt() {
    Model<Label> model =
        new LogisticRegressionTrainer().train(Datasets.classification(customers(100, 1), "churn"));
    Table noY = customers(10, 2).removeColumns("y", "plan");

    assertThatThrownBy(() -> Predict.with(model).ignoring("churn").on(noY))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("table 'customers' lacks 3 features the model was trained on:")
        .hasMessageContaining("plan@basic, plan@pro, y");
  }

  @Test
  void aRegressorAddsItsPredictedValue() {
    Random random = new Random(5);
    DoubleColumn x = DoubleColumn.create("x");
    DoubleColumn price = DoubleColumn.create("price");
    for (int i = 0; i < 200; i++) {
      double v = random.nextDouble();
      x.append(v);
      price.append(3 * v + 1);
    }
    Table houses = Table.create("houses", x, price);
    Model<Regressor> model =
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1), 50, 1L)
            .train(Datasets.regression(houses, "price"));

    Table scored = Predict.with(model).ignoring("price").on(houses);

    assertThat(scored.columnNames()).containsExactly("x", "price", "predicted");
    assertThat(scored.doubleColumn("predicted").get(0))
        .isCloseTo(houses.doubleColumn("price").get(0), org.assertj.core.data.Offset.offset(0.2));
  }
}
