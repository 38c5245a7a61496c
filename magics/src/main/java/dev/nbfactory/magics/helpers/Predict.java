package dev.nbfactory.magics.helpers;

import dev.nbfactory.registry.InvalidInputException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.regression.Regressor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Scores a table with a model: {@code Predict.with(model).on(table)} is the table with {@code
 * predicted} added, and for a classifier that gives probabilities a {@code p_LABEL} column per
 * label, in label order; a regressor of several dimensions gives {@code predicted_DIM} each. Rows
 * become examples exactly as {@link Datasets} made them for training ({@link TableFeatures}).
 * Columns the model does not know are ignored with a warning (name them in {@link #ignoring} to
 * silence it); a feature the model needs and the table lacks is an error naming it.
 */
public final class Predict<T extends Output<T>> {
  private final Model<T> model;
  // the model's feature names, read once: on() may run for every request a server answers
  private final TreeSet<String> known = new TreeSet<>();
  private final Set<String> ignored = new LinkedHashSet<>();
  private PrintStream warnings = System.err;

  private Predict(Model<T> model) {
    this.model = model;
    for (VariableInfo info : model.getFeatureIDMap()) {
      known.add(info.getName());
    }
  }

  public static <T extends Output<T>> Predict<T> with(Model<T> model) {
    if (model == null) {
      throw new InvalidInputException("Predict.with(model): the model is null");
    }
    return new Predict<>(model);
  }

  /** Columns that are not features (an id, the label of a test table): not used, not warned. */
  public Predict<T> ignoring(String... columns) {
    ignored.addAll(List.of(columns));
    return this;
  }

  /** Where the warning about unknown columns goes; standard error unless told. */
  public Predict<T> warningsTo(PrintStream out) {
    this.warnings = out;
    return this;
  }

  /** The features the model was trained on, by name, sorted. */
  public java.util.NavigableSet<String> features() {
    return java.util.Collections.unmodifiableNavigableSet(known);
  }

  /**
   * A copy of {@code table} with the predictions added; {@code table} itself is unchanged. Safe to
   * call from several threads once {@link #ignoring} and {@link #warningsTo} are set.
   */
  public Table on(Table table) {
    Table out = table.copy();
    for (tech.tablesaw.columns.Column<?> column : predictions(table).columns()) {
      out.addColumns(column);
    }
    return out;
  }

  /**
   * Only the columns {@link #on} adds ({@code predicted}, and {@code p_LABEL} or {@code
   * predicted_DIM}), one row per row of {@code table}, in its order: a server answering one row at
   * a time needs no copy of it. Safe to call from several threads as {@link #on} is.
   */
  public Table predictions(Table table) {
    List<String> used = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String column : table.columnNames()) {
      if (ignored.contains(column)) {
        continue;
      }
      if (known.contains(column) || hasPrefix(known, column + TableFeatures.JOINER)) {
        used.add(column);
      } else {
        unknown.add(column);
      }
    }
    List<String> lacking = new ArrayList<>();
    Set<String> usedNames = new java.util.HashSet<>(used);
    for (String feature : known) {
      if (!usedNames.contains(feature) && !covered(feature, used)) {
        lacking.add(feature);
      }
    }
    if (!lacking.isEmpty()) {
      throw new InvalidInputException(
          "table '"
              + table.name()
              + "' lacks "
              + lacking.size()
              + " feature"
              + (lacking.size() == 1 ? "" : "s")
              + " the model was trained on: "
              + String.join(", ", lacking.subList(0, Math.min(10, lacking.size())))
              + (lacking.size() > 10 ? ", ..." : "")
              + (ignored.isEmpty() ? "" : " (ignoring " + ignored + ")"));
    }
    if (!unknown.isEmpty()) {
      warnings.println(
          "Predict: the model does not know column"
              + (unknown.size() == 1 ? " " : "s ")
              + String.join(", ", unknown)
              + "; ignored (name them in ignoring(...) to say so)");
    }
    // one-hot columns get the model's values, so scoring sees the features training saw
    java.util.Map<String, List<String>> categories = new java.util.HashMap<>();
    for (String column : used) {
      String prefix = column + TableFeatures.JOINER;
      List<String> values = new ArrayList<>();
      for (String feature : known.tailSet(prefix)) {
        if (!feature.startsWith(prefix)) {
          break;
        }
        values.add(feature.substring(prefix.length()));
      }
      categories.put(column, values);
    }
    TableFeatures mapping = TableFeatures.of(table, used, categories);
    T unknownOutput = outputFactory().getUnknownOutput();
    List<Example<T>> examples = new ArrayList<>(mapping.rows());
    for (int row = 0; row < mapping.rows(); row++) {
      examples.add(mapping.example(row, unknownOutput));
    }
    List<Prediction<T>> predictions = model.predict(examples);
    Table out = Table.create(table.name());
    if (model.validate(Label.class)) {
      addLabels(out, predictions);
    } else if (model.validate(Regressor.class)) {
      addValues(out, predictions);
    } else {
      StringColumn predicted = StringColumn.create("predicted");
      predictions.forEach(p -> predicted.append(p.getOutput().toString()));
      out.addColumns(predicted);
    }
    return out;
  }

  private void addLabels(Table out, List<Prediction<T>> predictions) {
    StringColumn predicted = StringColumn.create("predicted");
    Set<String> labels = new TreeSet<>();
    if (model.generatesProbabilities()) {
      model.getOutputIDInfo().getDomain().forEach(l -> labels.add(((Label) l).getLabel()));
    }
    List<DoubleColumn> scores = new ArrayList<>();
    for (String label : labels) {
      scores.add(DoubleColumn.create("p_" + label));
    }
    for (Prediction<T> p : predictions) {
      predicted.append(((Label) p.getOutput()).getLabel());
      Map<String, T> byLabel = p.getOutputScores();
      int i = 0;
      for (String label : labels) {
        T scored = byLabel.get(label);
        scores.get(i++).append(scored == null ? Double.NaN : ((Label) scored).getScore());
      }
    }
    out.addColumns(predicted);
    scores.forEach(out::addColumns);
  }

  private void addValues(Table out, List<Prediction<T>> predictions) {
    String[] dims =
        predictions.isEmpty()
            ? new String[] {"predicted"}
            : ((Regressor) predictions.get(0).getOutput()).getNames();
    List<DoubleColumn> columns = new ArrayList<>();
    for (String dim : dims) {
      columns.add(DoubleColumn.create(dims.length == 1 ? "predicted" : "predicted_" + dim));
    }
    for (Prediction<T> p : predictions) {
      double[] values = ((Regressor) p.getOutput()).getValues();
      for (int d = 0; d < dims.length; d++) {
        columns.get(d).append(values[d]);
      }
    }
    columns.forEach(out::addColumns);
  }

  @SuppressWarnings("unchecked")
  private OutputFactory<T> outputFactory() {
    if (model.validate(Label.class)) {
      return (OutputFactory<T>) new org.tribuo.classification.LabelFactory();
    }
    if (model.validate(Regressor.class)) {
      return (OutputFactory<T>) new org.tribuo.regression.RegressionFactory();
    }
    throw new InvalidInputException(
        "Predict scores classifiers and regressors; this model predicts "
            + model.getOutputIDInfo().getClass().getSimpleName());
  }

  private static boolean hasPrefix(TreeSet<String> known, String prefix) {
    String next = known.ceiling(prefix);
    return next != null && next.startsWith(prefix);
  }

  /** Whether a used column provides {@code feature} one-hot, as column@value. */
  private static boolean covered(String feature, List<String> used) {
    for (String column : used) {
      if (feature.startsWith(column + TableFeatures.JOINER)) {
        return true;
      }
    }
    return false;
  }
}
