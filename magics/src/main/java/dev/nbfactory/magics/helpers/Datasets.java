package dev.nbfactory.magics.helpers;

import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import dev.nbfactory.magics.TableOrigins;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.InvalidInputException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.DataSourceProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw table as a Tribuo dataset, one example a row: {@code Datasets.classification(table,
 * "diagnosis")} or {@code Datasets.regression(table, "price")}. Every other column is a feature
 * unless features are named; how columns become features is {@link TableFeatures}. A table loaded
 * by {@code Factory.table(ref)} gives the dataset a provenance naming the registry version and its
 * content hash, so a model trained on it points back to its data; the provenance also names the
 * target column, so {@link #target} finds it in the model: a server seals the outcomes it is sent
 * under that name, as new rows for the next training.
 */
public final class Datasets {
  private Datasets() {}

  /**
   * A classification dataset: {@code target}'s value (as text) is each row's label.
   *
   * @param features the feature columns; none means every column but {@code target}
   * @throws InvalidInputException for a missing column, a missing label, or a column that cannot be
   *     a feature
   */
  public static MutableDataset<Label> classification(
      Table table, String target, String... features) {
    Column<?> labels = column(table, target);
    LabelFactory factory = new LabelFactory();
    return build(
        table, target, features, factory, row -> factory.generateOutput(labels.getString(row)));
  }

  /**
   * A regression dataset: {@code target}, a numeric column, is each row's value.
   *
   * @param features the feature columns; none means every column but {@code target}
   */
  public static MutableDataset<Regressor> regression(
      Table table, String target, String... features) {
    if (!(column(table, target) instanceof NumericColumn<?> values)) {
      throw new InvalidInputException(
          "the regression target '"
              + target
              + "' is "
              + table.column(target).type().name()
              + ": it must be a numeric column");
    }
    return build(
        table,
        target,
        features,
        new RegressionFactory(),
        row -> new Regressor(target, values.getDouble(row)));
  }

  /** Ends the description of a dataset's source; the target column's name follows it. */
  private static final String TARGET = "; target: ";

  /**
   * Where the dataset came from: the registry version a table was loaded from, else its name; and
   * the column whose values are the outputs.
   */
  static <T extends Output<T>> DataSourceProvenance provenance(
      Table table, String target, OutputFactory<T> factory) {
    Optional<ArtifactVersion> origin = TableOrigins.of(table);
    if (origin.isEmpty()) {
      return new SimpleDataSourceProvenance(
          (table.name() == null ? "table" : table.name()) + TARGET + target, factory);
    }
    ArtifactVersion v = origin.get();
    return new SimpleDataSourceProvenance(
        "registry artifact " + v.ref() + " sha256:" + v.contentHash() + TARGET + target,
        v.createdAt().atOffset(ZoneOffset.UTC),
        factory);
  }

  /**
   * The column a model trained through these helpers learned to predict, as its provenance names
   * it; for a regressor of one dimension, that dimension's name. Empty for a model trained
   * otherwise.
   */
  public static Optional<String> target(Model<?> model) {
    var source = model.getProvenance().getDatasetProvenance().getSourceProvenance();
    // A transforming trainer's dataset wraps the one the helpers made: look through it.
    while (source instanceof org.tribuo.provenance.DatasetProvenance wrapped) {
      source = wrapped.getSourceProvenance();
    }
    if (source instanceof SimpleDataSourceProvenance simple) {
      for (var field : simple) {
        if (field.getA().equals(SimpleDataSourceProvenance.DESCRIPTION)
            && field.getB() instanceof PrimitiveProvenance<?> value) {
          String description = String.valueOf(value.getValue());
          int at = description.lastIndexOf(TARGET);
          if (at >= 0 && at + TARGET.length() < description.length()) {
            return Optional.of(description.substring(at + TARGET.length()));
          }
        }
      }
    }
    if (model.validate(Regressor.class)) {
      var dimensions = model.getOutputIDInfo().getDomain();
      if (dimensions.size() == 1) {
        return Optional.of(((Regressor) dimensions.iterator().next()).getNames()[0]);
      }
    }
    return Optional.empty();
  }

  private static <T extends Output<T>> MutableDataset<T> build(
      Table table,
      String target,
      String[] features,
      OutputFactory<T> factory,
      IntFunction<T> output) {
    Column<?> labels = table.column(target);
    if (labels.countMissing() > 0) {
      throw new InvalidInputException(
          "the target '"
              + target
              + "' is missing in "
              + labels.countMissing()
              + " of "
              + table.rowCount()
              + " rows: drop them first, table.dropWhere(table.column(\""
              + target
              + "\").isMissing())");
    }
    List<String> columns =
        features.length == 0 ? TableFeatures.allBut(table, List.of(target)) : List.of(features);
    if (columns.contains(target)) {
      throw new InvalidInputException(
          "the target '" + target + "' cannot be a feature too: leave it out of the features");
    }
    TableFeatures mapping = TableFeatures.of(table, new ArrayList<>(columns));
    MutableDataset<T> dataset = new MutableDataset<>(provenance(table, target, factory), factory);
    for (int row = 0; row < mapping.rows(); row++) {
      dataset.add(mapping.example(row, output.apply(row)));
    }
    return dataset;
  }

  private static Column<?> column(Table table, String name) {
    return TableFeatures.column(table, name);
  }
}
