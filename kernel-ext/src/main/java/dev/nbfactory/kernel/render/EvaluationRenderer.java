package dev.nbfactory.kernel.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.tribuo.classification.Classifiable;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.ConfusionMatrix;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;

/**
 * Shows Tribuo evaluations as HTML: for a classification ({@link LabelEvaluation}) the accuracy,
 * macro and micro F1 and a per-label table of precision, recall, F1 and support; for a regression
 * ({@link RegressionEvaluation}) RMSE, MAE and R² per output dimension; any other evaluation as its
 * own text. Confusion matrices ({@link ConfusionMatrix}) are tables with the true labels as rows
 * and the predicted ones as columns. Plain text is Tribuo's own {@code toString()}.
 *
 * <p>Labels come in sorted order (numbers in them by value: {@code class_2} before {@code
 * class_10}), in the HTML and the text alike, rather than in the order Tribuo first saw them
 * ({@code class_0, class_2, class_1}); a label order set on the confusion matrix ({@code
 * setLabelOrder}) is kept.
 */
public final class EvaluationRenderer {
  private EvaluationRenderer() {}

  @SuppressWarnings({"unchecked", "rawtypes"}) // Tribuo's types are generic in their output
  public static void register(Renderer renderer) {
    Class<Evaluation<?>> evaluation = (Class) Evaluation.class;
    renderer
        .createRegistration(evaluation)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register(EvaluationRenderer::renderEvaluation);
    Class<ConfusionMatrix<?>> matrix = (Class) ConfusionMatrix.class;
    renderer
        .createRegistration(matrix)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register(EvaluationRenderer::renderMatrix);
  }

  static void renderEvaluation(Evaluation<?> evaluation, RenderContext context) {
    context.renderIfRequested(MIMEType.TEXT_HTML, () -> html(evaluation));
    context.getOutputContainer().putText(text(evaluation));
  }

  static void renderMatrix(ConfusionMatrix<?> matrix, RenderContext context) {
    context.renderIfRequested(MIMEType.TEXT_HTML, () -> html(matrix));
    context.getOutputContainer().putText(inOrder(matrix, matrix::toString));
  }

  /** Tribuo's text of the evaluation, with a classification's labels in {@link #labels} order. */
  static String text(Evaluation<?> evaluation) {
    if (evaluation instanceof LabelEvaluation e) {
      return inOrder(e.getConfusionMatrix(), e::toString);
    }
    return evaluation.toString();
  }

  /**
   * What {@code text} returns while the matrix's label order (which Tribuo's text follows) is
   * {@link #labels}; the matrix keeps its own order afterwards.
   */
  private static <T extends Classifiable<T>> String inOrder(
      ConfusionMatrix<T> matrix, Supplier<String> text) {
    List<T> own = matrix.getLabelOrder();
    List<T> sorted = labels(matrix);
    if (own == null || own.isEmpty() || own.equals(sorted)) {
      return text.get();
    }
    synchronized (matrix) {
      matrix.setLabelOrder(sorted);
      try {
        return text.get();
      } finally {
        matrix.setLabelOrder(own);
      }
    }
  }

  static String html(Evaluation<?> evaluation) {
    if (evaluation instanceof LabelEvaluation e) {
      return classification(e);
    }
    if (evaluation instanceof RegressionEvaluation e) {
      return regression(e);
    }
    return "<div class=\"factory-evaluation\"><p><b>"
        + Html.escape(evaluation.getClass().getSimpleName())
        + "</b></p><pre>"
        + Html.escape(evaluation.toString())
        + "</pre></div>";
  }

  static String classification(LabelEvaluation e) {
    StringBuilder out = new StringBuilder(1024);
    out.append("<div class=\"factory-evaluation\"><table class=\"dataframe\" border=\"1\">")
        .append("<caption>Classification: ")
        .append(Html.count(e.getConfusionMatrix().support()))
        .append(" predictions</caption><tbody>");
    metric(out, "accuracy", e.accuracy());
    metric(out, "macro-averaged F1", e.macroAveragedF1());
    metric(out, "micro-averaged F1", e.microAveragedF1());
    metric(out, "balanced error rate", e.balancedErrorRate());
    out.append("</tbody></table><table class=\"dataframe\" border=\"1\"><thead><tr>")
        .append("<th>label</th><th>precision</th><th>recall</th><th>F1</th><th>support</th>")
        .append("</tr></thead><tbody>");
    for (Label label : labels(e.getConfusionMatrix())) {
      out.append("<tr><th>")
          .append(Html.escape(label.getLabel()))
          .append("</th><td>")
          .append(Html.number(e.precision(label)))
          .append("</td><td>")
          .append(Html.number(e.recall(label)))
          .append("</td><td>")
          .append(Html.number(e.f1(label)))
          .append("</td><td>")
          .append(Html.count(e.getConfusionMatrix().support(label)))
          .append("</td></tr>");
    }
    return out.append("</tbody></table></div>").toString();
  }

  static String regression(RegressionEvaluation e) {
    StringBuilder out = new StringBuilder(1024);
    out.append("<div class=\"factory-evaluation\"><table class=\"dataframe\" border=\"1\">")
        .append("<caption>Regression: ")
        .append(e.getPredictions().size())
        .append(" predictions</caption><thead><tr>")
        .append("<th>dimension</th><th>RMSE</th><th>MAE</th><th>R²</th></tr></thead><tbody>");
    List<Regressor> dimensions = new ArrayList<>(e.rmse().keySet());
    dimensions.sort(Comparator.comparing(EvaluationRenderer::dimensionName));
    for (Regressor d : dimensions) {
      out.append("<tr><th>")
          .append(Html.escape(dimensionName(d)))
          .append("</th><td>")
          .append(Html.number(e.rmse(d)))
          .append("</td><td>")
          .append(Html.number(e.mae(d)))
          .append("</td><td>")
          .append(Html.number(e.r2(d)))
          .append("</td></tr>");
    }
    if (dimensions.size() > 1) {
      out.append("<tr><th>average</th><td>")
          .append(Html.number(e.averageRMSE()))
          .append("</td><td>")
          .append(Html.number(e.averageMAE()))
          .append("</td><td>")
          .append(Html.number(e.averageR2()))
          .append("</td></tr>");
    }
    return out.append("</tbody></table></div>").toString();
  }

  private static String dimensionName(Regressor r) {
    return r.getDimensionNamesString();
  }

  static <T extends Classifiable<T>> String html(ConfusionMatrix<T> matrix) {
    List<T> labels = labels(matrix);
    StringBuilder out = new StringBuilder(1024);
    out.append("<div class=\"factory-confusion\"><table class=\"dataframe\" border=\"1\">")
        .append("<caption>Confusion matrix: rows are true labels, columns predicted</caption>")
        .append("<thead><tr><th>true \\ predicted</th>");
    for (T predicted : labels) {
      out.append("<th>").append(Html.escape(predicted.toString())).append("</th>");
    }
    out.append("<th>support</th></tr></thead><tbody>");
    for (T truth : labels) {
      out.append("<tr><th>").append(Html.escape(truth.toString())).append("</th>");
      for (T predicted : labels) {
        out.append("<td>").append(Html.count(matrix.confusion(predicted, truth))).append("</td>");
      }
      out.append("<td>").append(Html.count(matrix.support(truth))).append("</td></tr>");
    }
    return out.append("</tbody></table></div>").toString();
  }

  /**
   * The labels in the order set on the matrix, when one was set (it differs from its domain's);
   * else every label of the domain and every one observed, sorted by name.
   */
  static <T extends Classifiable<T>> List<T> labels(ConfusionMatrix<T> matrix) {
    List<T> domain = new ArrayList<>(matrix.getDomain().getDomain());
    List<T> order = matrix.getLabelOrder();
    if (order != null && !order.isEmpty() && !order.equals(domain)) {
      return order;
    }
    Set<T> all = new LinkedHashSet<>(domain);
    all.addAll(matrix.observed());
    List<T> sorted = new ArrayList<>(all);
    sorted.sort(
        Comparator.comparing(EvaluationRenderer::name, EvaluationRenderer::compareNatural)
            .thenComparing(EvaluationRenderer::name));
    return sorted;
  }

  private static String name(Classifiable<?> label) {
    return label instanceof Label l ? l.getLabel() : label.toString();
  }

  /** Text order, except that runs of digits compare by value: {@code a2 < a10}. */
  static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (isDigit(ca) && isDigit(cb)) {
        int startA = i;
        int startB = j;
        while (i < a.length() && isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && isDigit(b.charAt(j))) {
          j++;
        }
        String da = a.substring(startA, i).replaceFirst("^0+(?=.)", "");
        String db = b.substring(startB, j).replaceFirst("^0+(?=.)", "");
        int c =
            da.length() != db.length()
                ? Integer.compare(da.length(), db.length())
                : da.compareTo(db);
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static void metric(StringBuilder out, String name, double value) {
    out.append("<tr><th>")
        .append(Html.escape(name))
        .append("</th><td>")
        .append(Html.number(value))
        .append("</td></tr>");
  }
}
