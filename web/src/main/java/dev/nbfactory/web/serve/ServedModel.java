package dev.nbfactory.web.serve;

import dev.nbfactory.magics.helpers.Predict;
import dev.nbfactory.magics.helpers.TableFeatures;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.InvalidInputException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import org.tribuo.Model;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * One model version as the server holds it: rows scored through {@link Predict}, the mapping the
 * model was trained with, after a check that each field has the type its features need.
 */
final class ServedModel {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  private final ArtifactVersion version;
  private final Predict<?> predict;
  private final NavigableSet<String> features;

  ServedModel(ArtifactVersion version, Model<?> model) {
    this.version = version;
    this.predict = Predict.with(model).warningsTo(QUIET); // one for every request it answers
    this.features = predict.features();
  }

  ArtifactVersion version() {
    return version;
  }

  /**
   * One row's decision: the label or value, and the score of each label when the model has them.
   */
  record Decision(Object output, Map<String, Double> scores) {}

  /**
   * The decisions for {@code rows}, in order; a field of the wrong type or a lacking one is a 400.
   */
  List<Decision> score(Table rows) {
    for (Column<?> column : rows.columns()) {
      boolean numeric = features.contains(column.name());
      String prefix = column.name() + TableFeatures.JOINER;
      String next = features.ceiling(prefix);
      boolean oneHot = next != null && next.startsWith(prefix);
      if (numeric && !(column instanceof NumericColumn<?> || column instanceof BooleanColumn)) {
        throw new BadRequest("field '" + column.name() + "' must be a number");
      }
      if (oneHot && !(column instanceof StringColumn)) {
        throw new BadRequest("field '" + column.name() + "' must be text, one of its categories");
      }
    }
    Table scored;
    try {
      scored = predict.predictions(rows); // only the decisions: no copy of the rows
    } catch (InvalidInputException e) {
      throw new BadRequest(e.getMessage());
    }
    List<Decision> out = new ArrayList<>(scored.rowCount());
    List<Column<?>> probabilities = new ArrayList<>();
    for (Column<?> c : scored.columns()) {
      if (c.name().startsWith("p_")) {
        probabilities.add(c);
      }
    }
    Column<?> predicted = scored.column("predicted");
    for (int r = 0; r < scored.rowCount(); r++) {
      Map<String, Double> scores = new LinkedHashMap<>();
      for (Column<?> p : probabilities) {
        scores.put(p.name().substring(2), ((NumericColumn<?>) p).getDouble(r));
      }
      out.add(new Decision(predicted.get(r), scores.isEmpty() ? null : scores));
    }
    return out;
  }
}
