package dev.nbfactory.bench;

import dev.nbfactory.magics.helpers.Datasets;
import dev.nbfactory.magics.helpers.Predict;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The helpers against the loops they replace, on the breast cancer data (569 rows, 30 features):
 * {@code Predict.with(model).on(table)} against the scoring loop the example notebooks carried (a
 * Row per row, each feature looked up by name, an ArrayExample, the prediction and its score
 * appended), and {@code Datasets.classification} against the notebooks' {@code toDataset}. Target:
 * each helper at least as fast as its loop. The table is repeated {@code copies} times to give the
 * loops more than a millisecond of work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PredictBenchmark {
  @Param({"10"})
  int copies;

  Table labelled;
  Table batch;
  Model<Label> model;
  private final PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());

  @Setup
  public void setup() throws Exception {
    Path csv = BenchFiles.data("breast_cancer_wisconsin.csv");
    Table one = Table.read().csv(csv.toFile());
    labelled = one.emptyCopy();
    for (int i = 0; i < copies; i++) {
      labelled.append(one);
    }
    model = new LogisticRegressionTrainer().train(Datasets.classification(one, "diagnosis"));
    batch = labelled.copy().removeColumns("diagnosis");
  }

  @Benchmark
  public Table predict() {
    return Predict.with(model).warningsTo(quiet).on(batch);
  }

  @Benchmark
  public Table handWrittenScoringLoop() {
    String[] features = batch.columnNames().toArray(String[]::new);
    StringColumn predicted = StringColumn.create("predicted");
    DoubleColumn pMalignant = DoubleColumn.create("p_malignant");
    for (Row row : batch) {
      double[] values = new double[features.length];
      for (int j = 0; j < features.length; j++) {
        values[j] = row.getNumber(features[j]);
      }
      Prediction<Label> p =
          model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, features, values));
      predicted.append(p.getOutput().getLabel());
      pMalignant.append(p.getOutputScores().get("malignant").getScore());
    }
    return batch.copy().addColumns(predicted, pMalignant);
  }

  @Benchmark
  public MutableDataset<Label> datasets() {
    return Datasets.classification(labelled, "diagnosis");
  }

  @Benchmark
  public MutableDataset<Label> handWrittenToDataset() {
    LabelFactory labels = new LabelFactory();
    MutableDataset<Label> dataset =
        new MutableDataset<>(new SimpleDataSourceProvenance(labelled.name(), labels), labels);
    String[] features =
        labelled.columnNames().stream().filter(n -> !n.equals("diagnosis")).toArray(String[]::new);
    for (Row row : labelled) {
      double[] values = new double[features.length];
      for (int j = 0; j < features.length; j++) {
        values[j] = row.getNumber(features[j]);
      }
      dataset.add(
          new ArrayExample<>(labels.generateOutput(row.getString("diagnosis")), features, values));
    }
    return dataset;
  }
}
