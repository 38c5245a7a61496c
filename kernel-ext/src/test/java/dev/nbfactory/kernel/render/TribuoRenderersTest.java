package dev.nbfactory.kernel.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.EvaluationProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.rtree.CARTRegressionTrainer;

/** Real Tribuo models trained on a few hand-made examples, rendered as a notebook shows them. */
class TribuoRenderersTest {
  private static final String[] FEATURES = {"x", "y"};

  private final Renderer renderer = new Renderer();

  TribuoRenderersTest() {
    EvaluationRenderer.register(renderer);
    ModelRenderer.register(renderer);
  }

  /** Two clusters; one label carries markup, which must be escaped. */
  private static MutableDataset<Label> labelled() {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("hand-made", factory), factory);
    double[][] points = {{0, 0}, {0, 1}, {1, 0}, {0.5, 0.5}, {5, 5}, {5, 6}, {6, 5}, {5.5, 5.5}};
    for (int i = 0; i < points.length; i++) {
      data.add(new ArrayExample<>(new Label(i < 4 ? "small" : "<big>"), FEATURES, points[i]));
    }
    return data;
  }

  private static String html(DisplayData data) {
    return (String) data.getData(MIMEType.TEXT_HTML);
  }

  @Test
  void aClassificationEvaluation() {
    MutableDataset<Label> data = labelled();
    Model<Label> model = new LogisticRegressionTrainer().train(data);
    LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, data);
    DisplayData shown = renderer.render(evaluation);
    String html = html(shown);
    assertThat(html)
        .contains("<th>accuracy</th><td>1.0000</td>")
        .contains("<th>macro-averaged F1</th><td>1.0000</td>")
        .contains("<th>micro-averaged F1</th><td>1.0000</td>")
        .contains("<th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th>")
        .contains("<tr><th>small</th><td>1.0000</td><td>1.0000</td><td>1.0000</td><td>4</td></tr>")
        .contains("<tr><th>&lt;big&gt;</th>")
        .doesNotContain("<big>");
    // Tribuo's text, with the labels in the same sorted order
    String text = (String) shown.getData(MIMEType.TEXT_PLAIN);
    assertThat(text).startsWith("Class").contains("Balanced Error Rate");
    assertThat(text.indexOf("\n<big> ")).isLessThan(text.indexOf("\nsmall "));
  }

  /** Four clusters whose labels Tribuo first sees as class_0, class_2, class_1, class_10. */
  private static MutableDataset<Label> fourClasses() {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("four", factory), factory);
    String[] names = {"class_0", "class_2", "class_1", "class_10"};
    for (int i = 0; i < 24; i++) {
      int c = i % 4;
      double jitter = (i / 4) * 0.1;
      data.add(
          new ArrayExample<>(
              new Label(names[c]), FEATURES, new double[] {10 * c + jitter, 10 * c - jitter}));
    }
    return data;
  }

  private static void assertInOrder(String text, String... parts) {
    int at = -1;
    for (String part : parts) {
      int next = text.indexOf(part, at + 1);
      assertThat(next).as("%s after position %d in %s", part, at, text).isGreaterThan(at);
      at = next;
    }
  }

  @Test
  void labelsShowSortedWithNumbersByValueWhateverOrderTribuoSawThemIn() {
    MutableDataset<Label> data = fourClasses();
    Model<Label> model = new CARTClassificationTrainer().train(data);
    LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, data);
    LabelConfusionMatrix matrix = (LabelConfusionMatrix) evaluation.getConfusionMatrix();
    List<Label> tribuos = matrix.getLabelOrder();
    List<String> seen = tribuos.stream().map(Label::getLabel).toList();
    assertThat(seen)
        .as("Tribuo's own order is not sorted")
        .isNotEqualTo(List.of("class_0", "class_1", "class_10", "class_2"));
    assertThat(seen).isNotEqualTo(List.of("class_0", "class_1", "class_2", "class_10"));
    assertThat(EvaluationRenderer.compareNatural("class_2", "class_10")).isNegative();
    assertThat(EvaluationRenderer.compareNatural("a01", "a1")).isZero();
    assertThat(EvaluationRenderer.compareNatural("b", "a9")).isPositive();

    DisplayData shown = renderer.render(evaluation);
    assertInOrder(
        html(shown),
        "<th>class_0</th>",
        "<th>class_1</th>",
        "<th>class_2</th>",
        "<th>class_10</th>");
    assertInOrder(
        (String) shown.getData(MIMEType.TEXT_PLAIN),
        "\nclass_0 ",
        "\nclass_1 ",
        "\nclass_2 ",
        "\nclass_10 ");
    DisplayData cm = renderer.render(matrix);
    assertInOrder(
        html(cm),
        "<th>class_0</th><th>class_1</th><th>class_2</th><th>class_10</th>",
        "<tr><th>class_0</th>",
        "<tr><th>class_1</th>",
        "<tr><th>class_2</th>",
        "<tr><th>class_10</th>");
    assertInOrder(
        (String) cm.getData(MIMEType.TEXT_PLAIN), "class_0", "class_1", "class_2", "class_10");
    // the matrix keeps Tribuo's order for its own toString
    assertThat(matrix.getLabelOrder()).isEqualTo(tribuos);
    assertThat(evaluation.toString()).isEqualTo(LabelEvaluation.toFormattedString(evaluation));

    // an order set on purpose is kept
    List<Label> mine =
        List.of(
            new Label("class_10"),
            new Label("class_2"),
            new Label("class_1"),
            new Label("class_0"));
    matrix.setLabelOrder(mine);
    assertInOrder(
        html(renderer.render(evaluation)),
        "<th>class_10</th>",
        "<th>class_2</th>",
        "<th>class_1</th>",
        "<th>class_0</th>");
    assertThat(renderer.render(evaluation).getData(MIMEType.TEXT_PLAIN))
        .isEqualTo(evaluation.toString());
  }

  @Test
  void aConfusionMatrixHasTrueLabelsAsRowsAndPredictedAsColumns() {
    MutableDataset<Label> data = labelled();
    Model<Label> model = new CARTClassificationTrainer().train(data);
    // one "small" point among the "<big>" ones, which the tree calls "<big>" as "<big>" in the test
    // set
    MutableDataset<Label> test = labelled();
    test.add(new ArrayExample<>(new Label("small"), FEATURES, new double[] {5, 5.2}));
    LabelConfusionMatrix matrix = new LabelConfusionMatrix(model, model.predict(test));
    String html = html(renderer.render(matrix));
    assertThat(html)
        .contains("<th>true \\ predicted</th><th>&lt;big&gt;</th><th>small</th><th>support</th>")
        .contains("<tr><th>small</th><td>1</td><td>4</td><td>5</td></tr>")
        .contains("<tr><th>&lt;big&gt;</th><td>4</td><td>0</td><td>4</td></tr>");
    // reached through the evaluation too
    LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, test);
    assertThat(html(renderer.render(evaluation.getConfusionMatrix())))
        .contains("<tr><th>small</th><td>1</td><td>4</td><td>5</td></tr>");
  }

  @Test
  void aRegressionEvaluationPerDimension() {
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("lines", factory), factory);
    for (int i = 0; i < 8; i++) {
      data.add(
          new ArrayExample<>(
              new Regressor(new String[] {"price", "weight"}, new double[] {2.0 * i, i % 2}),
              FEATURES,
              new double[] {i, i % 2}));
    }
    Model<Regressor> model = new CARTRegressionTrainer().train(data);
    RegressionEvaluation evaluation = new RegressionEvaluator().evaluate(model, data);
    String html = html(renderer.render(evaluation));
    assertThat(html)
        .contains("<th>dimension</th><th>RMSE</th><th>MAE</th><th>R²</th>")
        .contains("<tr><th>price</th>")
        .contains("<tr><th>weight</th>")
        .contains("<tr><th>average</th>")
        .contains("Regression: 8 predictions");
  }

  @Test
  void aModelSummary() {
    Model<Label> model = new LogisticRegressionTrainer().train(labelled());
    DisplayData shown = renderer.render(model);
    String html = html(shown);
    assertThat(html)
        .contains("<th>model class</th><td>" + model.getClass().getName() + "</td>")
        .contains("<th>output domain</th><td>&lt;big&gt;, small</td>")
        .contains("<th>features</th><td>2</td>")
        .contains("<th>trainer</th><td>" + LogisticRegressionTrainer.class.getName() + "</td>")
        .contains("<th>trained at</th><td>20");
    assertThat((String) shown.getData(MIMEType.TEXT_PLAIN)).endsWith(": 2 outputs, 2 features");
  }

  @Test
  void otherEvaluationsFallBackToTheirEscapedText() {
    Evaluation<Label> custom =
        new Evaluation<>() {
          @Override
          public Map<MetricID<Label>, Double> asMap() {
            return Map.of();
          }

          @Override
          public List<Prediction<Label>> getPredictions() {
            return List.of();
          }

          @Override
          public EvaluationProvenance getProvenance() {
            return null;
          }

          @Override
          public String toString() {
            return "top-3 accuracy <0.9>";
          }
        };
    DisplayData shown = renderer.render(custom);
    assertThat(html(shown)).contains("<pre>top-3 accuracy &lt;0.9&gt;</pre>");
    assertThat(shown.getData(MIMEType.TEXT_PLAIN)).isEqualTo("top-3 accuracy <0.9>");
  }
}
