package dev.nbfactory.web.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.magics.codec.ModelCodec;
import dev.nbfactory.magics.codec.TableCodec;
import dev.nbfactory.magics.helpers.Datasets;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.JoinedPrediction;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.SealFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The prediction log as the factory stores tables ({@link TableCodec}), so a notebook's {@code
 * Factory.input("cancer-model.feedback")} is a Tablesaw table.
 *
 * <p>{@code MODEL.predictions}: {@code prediction_id, request_id, role, model_version, made_at,
 * output}, then a {@code p_LABEL} score column per label (or {@code scores}, the JSON, when the
 * scores are not one number a label), then the features: a column each when the log kept them,
 * {@code features_sha256} when it kept their hash, none when it kept nothing.
 *
 * <p>{@code MODEL.feedback}: every outcome so far (a version holds the one before it and the
 * outcomes sealed since, while its columns stay the same): {@code prediction_id, model_version,
 * predicted, received_at}, the features, and the outcome under the name of the column the model was
 * trained to predict ({@link Datasets#target}; {@code actual} for a model that does not name it):
 * new labelled rows, ready for {@code Datasets.classification(table.removeColumns("prediction_id",
 * "model_version", "predicted", "received_at"), "diagnosis")}. A regressor's outcomes are numbers,
 * a classifier's text.
 */
public final class SealTables implements SealFormat {
  /** The outcome's column when the model does not name its target. */
  public static final String ACTUAL = "actual";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the outcome column is called and whether it holds numbers. */
  record Target(String column, boolean numeric) {}

  private final Function<String, Target> targets;
  private final Function<ArtifactVersion, Table> tables;
  private final Map<String, Target> known = new ConcurrentHashMap<>();

  /**
   * Finds each model version's target by loading it from {@code registry} (once a version), and
   * reads the newest feedback version there to build the next on it.
   */
  public SealTables(Registry registry) {
    this(ref -> target(registry, ref), version -> TableCodec.read(registry, version));
  }

  SealTables(Function<String, Target> targets, Function<ArtifactVersion, Table> tables) {
    this.targets = targets;
    this.tables = tables;
  }

  @Override
  public Encoded predictions(String model, List<PredictionRecord> rows) {
    int n = rows.size();
    StringColumn id = StringColumn.create("prediction_id");
    StringColumn request = StringColumn.create("request_id");
    StringColumn role = StringColumn.create("role");
    IntColumn version = IntColumn.create("model_version");
    InstantColumn madeAt = InstantColumn.create("made_at");
    StringColumn output = StringColumn.create("output");
    for (PredictionRecord r : rows) {
      id.append(r.id());
      request.append(r.requestId());
      role.append(r.role().sqlName());
      version.append(r.modelVersion());
      madeAt.append(r.madeAt());
      output.append(r.output());
    }
    Table table = Table.create(model + ".predictions", id, request, role, version, madeAt);
    table.addColumns(output);
    addScores(table, rows.stream().map(PredictionRecord::scores).toList());
    addFeatures(table, rows.stream().map(PredictionRecord::features).toList());
    return encoded(table, n);
  }

  @Override
  public Encoded feedback(
      String model, List<JoinedPrediction> rows, Optional<ArtifactVersion> previous) {
    int n = rows.size();
    StringColumn id = StringColumn.create("prediction_id");
    IntColumn version = IntColumn.create("model_version");
    StringColumn predicted = StringColumn.create("predicted");
    InstantColumn receivedAt = InstantColumn.create("received_at");
    for (JoinedPrediction j : rows) {
      id.append(j.prediction().id());
      version.append(j.prediction().modelVersion());
      predicted.append(j.prediction().output());
      receivedAt.append(j.receivedAt());
    }
    Table table = Table.create(model + ".feedback", id, version, predicted, receivedAt);
    addFeatures(table, rows.stream().map(j -> j.prediction().features()).toList());
    // the newest version's name for the target: the one the next training follows
    PredictionRecord newest =
        rows.stream()
            .map(JoinedPrediction::prediction)
            .max(java.util.Comparator.comparingInt(PredictionRecord::modelVersion))
            .orElseThrow();
    Target target =
        known.computeIfAbsent(newest.model() + "@" + newest.modelVersion(), targets::apply);
    String name = unique(table, target.column());
    if (target.numeric() && rows.stream().allMatch(j -> isNumber(j.actual()))) {
      DoubleColumn actual = DoubleColumn.create(name);
      rows.forEach(j -> actual.append(Double.parseDouble(j.actual())));
      table.addColumns(actual);
    } else {
      StringColumn actual = StringColumn.create(name);
      rows.forEach(j -> actual.append(j.actual()));
      table.addColumns(actual);
    }
    if (previous.isPresent()) {
      // Every outcome so far: the newest version's rows first, when its columns are these.
      Table before = tables.apply(previous.get());
      if (TableCodec.sameColumns(before, table)) {
        before.append(table);
        return encoded(before.setName(table.name()), before.rowCount());
      }
    }
    return encoded(table, n);
  }

  private static Encoded encoded(Table table, int rows) {
    if (table.rowCount() != rows) {
      throw new IllegalStateException("sealed table has " + table.rowCount() + " of " + rows);
    }
    return new Encoded(
        TableCodec.MEDIA_TYPE, TableCodec.schema(table), out -> TableCodec.write(table, out));
  }

  /** A score column per label when every row's scores are numbers by label; else the JSON. */
  private static void addScores(Table table, List<String> scores) {
    if (scores.stream().allMatch(s -> s == null)) {
      return;
    }
    List<JsonNode> parsed = new ArrayList<>(scores.size());
    Set<String> labels = new TreeSet<>();
    boolean numbers = true;
    for (String s : scores) {
      JsonNode node = s == null ? null : parse(s);
      parsed.add(node);
      if (node == null) {
        continue;
      }
      if (!node.isObject()) {
        numbers = false;
      } else {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          labels.add(e.getKey());
          numbers &= e.getValue().isNumber();
        }
      }
    }
    if (!numbers) {
      StringColumn json = StringColumn.create(unique(table, "scores"));
      scores.forEach(s -> json.append(s));
      table.addColumns(json);
      return;
    }
    for (String label : labels) {
      DoubleColumn column = DoubleColumn.create(unique(table, "p_" + label));
      for (JsonNode node : parsed) {
        JsonNode value = node == null ? null : node.get(label);
        if (value == null) {
          column.appendMissing();
        } else {
          column.append(value.asDouble());
        }
      }
      table.addColumns(column);
    }
  }

  /**
   * A column per feature from rows that kept them as JSON (numbers, booleans, or text when a
   * feature held anything else), and {@code features_sha256} from rows that kept a hash.
   */
  private static void addFeatures(Table table, List<String> features) {
    List<JsonNode> rows = new ArrayList<>(features.size());
    Map<String, Kind> kinds = new LinkedHashMap<>();
    boolean hashes = false;
    for (String f : features) {
      JsonNode node = f != null && f.startsWith("{") ? parse(f) : null;
      rows.add(node);
      hashes |= f != null && node == null;
      if (node != null) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          kinds.merge(e.getKey(), Kind.of(e.getValue()), Kind::join);
        }
      }
    }
    for (Map.Entry<String, Kind> feature : kinds.entrySet()) {
      String name = unique(table, feature.getKey());
      Column<?> column =
          switch (feature.getValue()) {
            case NUMBER -> DoubleColumn.create(name);
            case BOOLEAN -> BooleanColumn.create(name);
            case TEXT -> StringColumn.create(name);
          };
      for (JsonNode row : rows) {
        JsonNode value = row == null ? null : row.get(feature.getKey());
        if (value == null || value.isNull()) {
          column.appendMissing();
        } else if (column instanceof DoubleColumn d) {
          d.append(value.asDouble());
        } else if (column instanceof BooleanColumn b) {
          b.append(value.asBoolean());
        } else {
          ((StringColumn) column).append(value.isTextual() ? value.asText() : value.toString());
        }
      }
      table.addColumns(column);
    }
    if (hashes) {
      StringColumn hash = StringColumn.create(unique(table, "features_sha256"));
      for (int r = 0; r < features.size(); r++) {
        String f = features.get(r);
        if (f == null || rows.get(r) != null) {
          hash.appendMissing();
        } else {
          hash.append(f.startsWith("sha256:") ? f.substring("sha256:".length()) : f);
        }
      }
      table.addColumns(hash);
    }
  }

  /** What a feature's values are, over every row. */
  private enum Kind {
    NUMBER,
    BOOLEAN,
    TEXT;

    static Kind of(JsonNode value) {
      return value.isNumber() || value.isNull() ? NUMBER : value.isBoolean() ? BOOLEAN : TEXT;
    }

    Kind join(Kind other) {
      return this == other ? this : TEXT;
    }
  }

  /** {@code name}, or {@code feature.name} when a column of that name is already there. */
  private static String unique(Table table, String name) {
    Set<String> taken = new HashSet<>(table.columnNames());
    String out = name;
    while (taken.contains(out)) {
      out = "feature." + out;
    }
    return out;
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The target of model version {@code ref} in {@code registry}: its own name, or "actual". */
  private static Target target(Registry registry, String ref) {
    Optional<ArtifactVersion> version;
    try {
      version = Optional.of(registry.resolve(ref));
    } catch (dev.nbfactory.registry.NotFoundException e) {
      version = Optional.empty();
    }
    if (version.isEmpty()) {
      return new Target(ACTUAL, false);
    }
    try {
      Model<?> model = ModelCodec.read(registry, version.get());
      return new Target(Datasets.target(model).orElse(ACTUAL), model.validate(Regressor.class));
    } catch (RuntimeException e) {
      // a version that is not a model this process can load: the outcome keeps its plain name
      return new Target(ACTUAL, false);
    }
  }
}
