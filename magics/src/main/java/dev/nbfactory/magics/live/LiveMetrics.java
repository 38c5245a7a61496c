package dev.nbfactory.magics.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.magics.codec.ModelCodec;
import dev.nbfactory.magics.codec.TableCodec;
import dev.nbfactory.magics.helpers.ColumnDrift;
import dev.nbfactory.magics.helpers.Drift;
import dev.nbfactory.magics.helpers.TableFeatures;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.JoinedPrediction;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * How a served model version does on live traffic, measured from the registry's prediction log, so
 * every replica and the scheduler read the same figures: live accuracy (or rmse, for a regressor)
 * over its newest outcomes, the share of each class it predicted, and the drift of each input
 * feature from the version's own training data, found through lineage (the datasets its producing
 * run read that hold the most of its features, together). One instance keeps each version's
 * training data once; thread-safe.
 */
public final class LiveMetrics {
  /** Outcomes, and decisions, a window holds unless told otherwise. */
  public static final int DEFAULT_WINDOW = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What is known of a version once: whether it regresses, and its training data if found. */
  private record Reference(boolean regression, Optional<Table> training, String note) {}

  private final Registry registry;
  private final int window;
  private final Map<Long, Reference> references = new ConcurrentHashMap<>();

  /** Measures over the newest {@code window} outcomes and decisions of a version. */
  public LiveMetrics(Registry registry, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("a live window needs 1 row or more, not " + window);
    }
    this.registry = registry;
    this.window = window;
  }

  public int window() {
    return window;
  }

  /** The figures of {@code model} in {@code role} now. */
  public LiveFigures measure(ArtifactVersion model, PredictionRecord.Role role) {
    Reference reference = references.computeIfAbsent(model.id(), id -> reference(model));
    List<JoinedPrediction> joined = registry.predictions().joined(model, role, window);
    List<PredictionRecord> recent = registry.predictions().recent(model, role, window);
    Double accuracy = null;
    Double rmse = null;
    if (!joined.isEmpty() && reference.regression()) {
      rmse = rmse(joined);
    } else if (!joined.isEmpty()) {
      accuracy = joined.stream().filter(JoinedPrediction::correct).count() / (double) joined.size();
    }
    Map<String, Double> shares = new TreeMap<>();
    if (!reference.regression()) {
      Map<String, Integer> counts = new TreeMap<>();
      recent.forEach(p -> counts.merge(p.output(), 1, Integer::sum));
      counts.forEach((label, n) -> shares.put(label, n / (double) recent.size()));
    }
    Map<String, Double> psi = new TreeMap<>();
    Map<String, Double> nulls = new TreeMap<>();
    String note = reference.note();
    if (reference.training().isPresent() && !recent.isEmpty()) {
      Optional<Table> current = current(reference.training().get(), recent);
      if (current.isEmpty()) {
        note = "the log keeps no features (--log-features hash or none), so drift is not measured";
      } else {
        for (ColumnDrift d : Drift.between(reference.training().get(), current.get()).columns()) {
          if (!Double.isNaN(d.psi())) {
            psi.put(d.column(), d.psi());
          }
          nulls.put(d.column(), d.missingCurrent());
        }
      }
    }
    return new LiveFigures(
        model, role, recent.size(), joined.size(), accuracy, rmse, shares, psi, nulls, note);
  }

  private static double rmse(List<JoinedPrediction> joined) {
    double sum = 0;
    int n = 0;
    for (JoinedPrediction j : joined) {
      try {
        double e = Double.parseDouble(j.prediction().output()) - Double.parseDouble(j.actual());
        sum += e * e;
        n++;
      } catch (NumberFormatException notANumber) {
        // an outcome that is not a number says nothing of a regressor's error
      }
    }
    return n == 0 ? Double.NaN : Math.sqrt(sum / n);
  }

  /** The logged features as a table shaped as the training data; empty when none were kept. */
  private static Optional<Table> current(Table training, List<PredictionRecord> recent) {
    List<JsonNode> rows = new ArrayList<>(recent.size());
    for (PredictionRecord p : recent) {
      if (p.features() != null && p.features().startsWith("{")) {
        try {
          rows.add(JSON.readTree(p.features()));
        } catch (IOException e) {
          // a row the log could not keep as JSON is left out of the window
        }
      }
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Table current = Table.create("live");
    for (Column<?> column : training.columns()) {
      String name = column.name();
      if (column instanceof NumericColumn<?>) {
        DoubleColumn values = DoubleColumn.create(name);
        rows.forEach(
            r -> {
              JsonNode v = r.get(name);
              if (v != null && v.isNumber()) {
                values.append(v.doubleValue());
              } else {
                values.appendMissing();
              }
            });
        current.addColumns(values);
      } else {
        StringColumn values = StringColumn.create(name);
        rows.forEach(
            r -> {
              JsonNode v = r.get(name);
              values.append(v == null || v.isNull() ? null : v.asText());
            });
        current.addColumns(values);
      }
    }
    return Optional.of(current);
  }

  private Reference reference(ArtifactVersion version) {
    Model<?> model = ModelCodec.read(registry, version);
    boolean regression = model.validate(Regressor.class);
    Set<String> columns = new TreeSet<>();
    for (var feature : model.getFeatureIDMap()) {
      String name = feature.getName();
      int joiner = name.indexOf(TableFeatures.JOINER);
      columns.add(joiner > 0 ? name.substring(0, joiner) : name);
    }
    if (version.producerRunId() == null) {
      return new Reference(regression, Optional.empty(), noTraining(version, "no producing run"));
    }
    // Every dataset it read that holds the most of its features: a model retrained on its
    // original rows plus served outcomes is compared with both.
    List<ArtifactVersion> sources = new ArrayList<>();
    long most = 0;
    for (ArtifactVersion input : registry.inputs(version.producerRunId())) {
      if (input.kind() != ArtifactKind.DATASET
          || !TableCodec.MEDIA_TYPE.equals(input.mediaType())) {
        continue;
      }
      long common = input.schema().stream().filter(c -> columns.contains(c.name())).count();
      if (common > most) {
        sources.clear();
        most = common;
      }
      if (common == most && common > 0) {
        sources.add(input);
      }
    }
    if (sources.isEmpty()) {
      return new Reference(
          regression,
          Optional.empty(),
          noTraining(version, "its producing run read no dataset with its features"));
    }
    Table training = null;
    for (ArtifactVersion source : sources) {
      Table rows = TableCodec.read(registry, source);
      String[] keep = rows.columnNames().stream().filter(columns::contains).toArray(String[]::new);
      rows = rows.selectColumns(keep);
      if (training == null) {
        training = rows.copy();
      } else if (TableCodec.sameColumns(training, rows)) {
        training.append(rows);
      }
    }
    return new Reference(regression, Optional.of(training), null);
  }

  private static String noTraining(ArtifactVersion version, String why) {
    return "drift of " + version.ref() + " is not measured: " + why;
  }
}
