package dev.nbfactory.web.serve;

import dev.nbfactory.magics.helpers.Datasets;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.MeanStdDevTransformation;
import tech.tablesaw.api.Table;

/**
 * The ceiling of {@code factory serve} for single-row requests: its own request path in one JVM,
 * without HTTP and without the decision log, on the demo's model (the train notebook's logistic
 * regression behind a mean/std-dev transform, 30 features). {@code score}: a one-row table scored
 * as the server scores it ({@code ServedModel.score}, through {@code Predict}); {@code request}: a
 * JSON body (one real row, {@code dataframe_split}) parsed, scored, given an id and written as the
 * answer. In the server's package so it calls the same code; the score is rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServePathBenchmark {
  private static final int ROWS = 16;

  private ServedModel model;
  private final List<byte[]> bodies = new ArrayList<>();
  private final List<Table> tables = new ArrayList<>();
  private int next;

  @Setup
  public void setup() throws Exception {
    Path csv = data("breast_cancer_wisconsin.csv");
    Table cancer = Table.read().csv(csv.toFile());
    TransformTrainer<Label> trainer =
        new TransformTrainer<>(
            new LinearSGDTrainer(
                new LogMulticlass(), new AdaGrad(0.1, 0.1), 20, Integer.MAX_VALUE, 1, 42L),
            new TransformationMap(List.of(new MeanStdDevTransformation())));
    Model<Label> trained = trainer.train(Datasets.classification(cancer, "diagnosis"));
    model =
        new ServedModel(
            new ArtifactVersion(
                1,
                "cancer-model",
                ArtifactKind.MODEL,
                1,
                "0".repeat(64),
                0,
                "application/x-tribuo-model",
                List.of(),
                null,
                null,
                Instant.now()),
            trained);
    List<String> columns =
        cancer.columnNames().stream().filter(c -> !c.equals("diagnosis")).toList();
    for (int r = 0; r < ROWS; r++) {
      List<String> values = new ArrayList<>();
      for (String c : columns) {
        values.add(cancer.column(c).getString(r));
      }
      String body =
          "{\"dataframe_split\": {\"columns\": [\""
              + String.join("\", \"", columns)
              + "\"], \"data\": [["
              + String.join(", ", values)
              + "]]}}";
      bodies.add(body.getBytes(StandardCharsets.UTF_8));
      tables.add(ScoringInput.json(bodies.get(r)));
    }
  }

  @Benchmark
  public List<ServedModel.Decision> score() {
    next = (next + 1) % ROWS;
    return model.score(tables.get(next));
  }

  @Benchmark
  public String request() {
    next = (next + 1) % ROWS;
    Table rows = ScoringInput.json(bodies.get(next));
    List<ServedModel.Decision> decisions = model.score(rows);
    return JsonText.answer(model, decisions, List.of(UUID.randomUUID().toString()));
  }

  private static Path data(String name) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("data").resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IllegalStateException("no data/" + name + ": run from the repository");
  }
}
