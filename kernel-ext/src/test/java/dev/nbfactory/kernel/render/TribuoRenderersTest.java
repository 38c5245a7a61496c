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
    assertThat(shown.getData(MIMEType.TEXT_PLAIN)).isEqualTo(evaluation.toString());
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
        .contains("<th>true \\ predicted</th><th>small</th><th>&lt;big&gt;</th><th>support</th>")
        .contains("<tr><th>small</th><td>4</td><td>1</td><td>5</td></tr>")
        .contains("<tr><th>&lt;big&gt;</th><td>0</td><td>4</td><td>4</td></tr>");
    // reached through the evaluation too
    LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, test);
    assertThat(html(renderer.render(evaluation.getConfusionMatrix())))
        .contains("<tr><th>small</th><td>4</td><td>1</td><td>5</td></tr>");
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
