package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.magics.MetricHistory;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.knowm.xchart.XYChart;

class RunsCommandTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  private SampleFactory factory;

  @BeforeEach
  void record() {
    factory = new SampleFactory(temp.get());
  }

  @Test
  void listsRunsNewestFirstInAlignedColumns() {
    Cli.Result result = Cli.in(temp, "runs");

    assertThat(result.exitCode()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly("RUN", "STAGE", "STATUS", "KIND", "STARTED", "DURATION", "METRICS");
    assertThat(lines.subList(1, lines.size()))
        .extracting(line -> line.substring(0, 8))
        .containsExactly(
            factory.retrain.shortId(),
            factory.evaluate.shortId(),
            factory.train.shortId(),
            factory.features.shortId(),
            factory.ingest.shortId());
    String train = line(lines, factory.train);
    assertThat(train.split("\\s{2,}"))
        .startsWith(
            factory.train.shortId(), "train", "SUCCEEDED", "interactive", "2 h ago", "2 h 0 min");
    assertThat(train).endsWith("accuracy=0.91 loss=0.25");
    assertThat(line(lines, factory.retrain)).contains("FAILED", "headless", "30 min ago");
    // Columns line up: every row's STATUS starts where the header's does.
    int status = lines.get(0).indexOf("STATUS");
    assertThat(lines).allSatisfy(line -> assertThat(line.charAt(status - 1)).isEqualTo(' '));
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(line -> assertThat(line.charAt(status)).isIn('S', 'F'));
  }

  @Test
  void plotsAMetricAcrossAStagesRunsWithTheFailedOnesMarked(@TempDir Path out) throws Exception {
    Path png = out.resolve("charts/accuracy.png");
    Cli.Result result =
        Cli.in(temp, "runs", "--stage", "train", "--plot", "accuracy", "--output", png.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("accuracy of stage train across 2 runs (1 failed)");
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(720);

    XYChart chart = MetricHistory.chart(temp.get(), "train", "accuracy");
    assertThat(chart.getSeriesMap().get("accuracy").getYData()).containsExactly(0.91);
    assertThat(chart.getSeriesMap().get("failed runs").getXData()).containsExactly(2.0);
    assertThat(chart.getSeriesMap().get("failed runs").getYData()).containsExactly(0.87);

    Path svg = out.resolve("accuracy.svg");
    assertThat(
            Cli.in(
                    temp,
                    "runs",
                    "--stage",
                    "train",
                    "--plot",
                    "accuracy",
                    "--output",
                    svg.toString())
                .exitCode())
        .isZero();
    assertThat(Files.readString(svg)).contains("<svg");

    Cli.Result unknown =
        Cli.in(temp, "runs", "--stage", "train", "--plot", "f1", "--output", png.toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("no run of stage 'train' recorded metric 'f1'");
    assertThat(Cli.in(temp, "runs", "--plot", "accuracy").exitCode()).isEqualTo(2);
  }

  @Test
  void filtersByStageStatusAndKind() {
    assertThat(ids(Cli.in(temp, "runs", "--stage", "train", "--json")))
        .containsExactly(factory.retrain.id(), factory.train.id());
    assertThat(ids(Cli.in(temp, "runs", "--status", "failed", "--json")))
        .containsExactly(factory.retrain.id());
    assertThat(ids(Cli.in(temp, "runs", "--status", "SUCCEEDED", "--kind", "headless", "--json")))
        .containsExactly(factory.evaluate.id(), factory.features.id());
  }

  @Test
  void sortsByAWhitelistedKeyEitherWay() {
    assertThat(ids(Cli.in(temp, "runs", "--sort", "duration", "--asc", "--json")))
        .containsExactly(
            factory.retrain.id(),
            factory.evaluate.id(),
            factory.train.id(),
            factory.features.id(),
            factory.ingest.id());
    assertThat(ids(Cli.in(temp, "runs", "--sort", "stage", "--asc", "--limit", "2", "--json")))
        .containsExactly(factory.evaluate.id(), factory.features.id());
  }

  @Test
  void anInvalidSortKeyIsRefusedWithTheListOfKeys() {
    Cli.Result result = Cli.in(temp, "runs", "--sort", "started_at; DROP TABLE runs");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err())
        .contains("unknown sort key 'started_at; DROP TABLE runs'")
        .contains("use one of started, ended, stage, status, kind, duration");
    assertThat(temp.get().counts()).containsEntry("runs", 5L);
  }

  @Test
  void anUnknownStatusIsRefusedClearly() {
    Cli.Result result = Cli.in(temp, "runs", "--status", "done");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines())
        .singleElement()
        .asString()
        .startsWith("factory: ")
        .contains("unknown run status 'done'")
        .contains("running, succeeded, failed, killed, timed_out, lost");
  }

  @ParameterizedTest
  @ValueSource(strings = {"' OR 1=1--", "train' OR '1'='1", "x\"; DELETE FROM runs; --", "%", "_"})
  void injectionLookingFiltersMatchNothingAndChangeNothing(String value) {
    Map<String, Long> before = temp.get().counts();

    Cli.Result table = Cli.in(temp, "runs", "--stage", value);
    Cli.Result json = Cli.in(temp, "runs", "--stage", value, "--json");

    assertThat(table.exitCode()).isZero();
    assertThat(table.outLines()).containsExactly("no runs match");
    assertThat(ids(json)).isEmpty();
    assertThat(temp.get().counts()).isEqualTo(before);
  }

  @Test
  void jsonHoldsEveryRunWithItsLastMetrics() throws Exception {
    Cli.Result result = Cli.in(temp, "runs", "--json");

    JsonNode runs = new ObjectMapper().readTree(result.out());
    assertThat(runs).hasSize(5);
    JsonNode train =
        StreamSupport.stream(runs.spliterator(), false)
            .filter(node -> node.get("id").asText().equals(factory.train.id()))
            .findFirst()
            .orElseThrow();
    assertThat(train.get("stage").asText()).isEqualTo("train");
    assertThat(train.get("status").asText()).isEqualTo("succeeded");
    assertThat(train.get("startedAt").asText()).isEqualTo(factory.train.startedAt().toString());
    assertThat(train.get("metrics").get("accuracy").asDouble()).isEqualTo(0.91);
    assertThat(train.get("durationMillis").asLong()).isGreaterThanOrEqualTo(7_200_000L);
  }

  @Test
  void limitCutsTheListAndSaysSoOnStderr() {
    Cli.Result result = Cli.in(temp, "runs", "--limit", "2");
    assertThat(result.outLines()).hasSize(3);
    assertThat(result.err()).contains("--limit 0 shows all");
    assertThat(Cli.in(temp, "runs", "--limit", "0").outLines()).hasSize(6);
    assertThat(Cli.in(temp, "runs", "--limit", "-3").exitCode()).isEqualTo(2);
  }

  @Test
  void sortsByAMetricAndFiltersByParameterAndTag() {
    // train's latest accuracy is 0.91 (step 2), retrain's 0.87; the others have none
    assertThat(ids(Cli.in(temp, "runs", "--sort", "metric:accuracy", "--desc", "--json")))
        .startsWith(factory.train.id(), factory.retrain.id())
        .hasSize(5);
    assertThat(ids(Cli.in(temp, "runs", "--sort", "metric:accuracy", "--asc", "--json")))
        .startsWith(factory.retrain.id(), factory.train.id());
    String table = Cli.in(temp, "runs", "--sort", "metric:loss").outLines().get(1);
    assertThat(table).startsWith(factory.train.shortId()).endsWith("loss=0.25 accuracy=0.91");

    assertThat(ids(Cli.in(temp, "runs", "--param", "epochs=20", "--json")))
        .containsExactly(factory.retrain.id());
    assertThat(
            ids(
                Cli.in(
                    temp,
                    "runs",
                    "--param",
                    "epochs=10",
                    "--param",
                    "learning_rate=0.1",
                    "--json")))
        .containsExactly(factory.train.id());
    assertThat(ids(Cli.in(temp, "runs", "--tag", "owner=data-team", "--json")))
        .containsExactly(factory.train.id());
    assertThat(Cli.in(temp, "runs", "--param", "epochs=99").out()).contains("no runs match");

    Cli.Result bad = Cli.in(temp, "runs", "--param", "epochs");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--param takes NAME=VALUE");
    assertThat(Cli.in(temp, "runs", "--sort", "metric:").err()).contains("metric:accuracy");
    assertThat(Cli.in(temp, "runs", "--asc", "--desc").exitCode()).isEqualTo(2);
  }

  @Test
  void comparesRunsSideBySideShowingWhatDiffers() throws Exception {
    Cli.Result result = Cli.in(temp, "compare", factory.train.shortId(), factory.retrain.shortId());
    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly("", factory.train.shortId(), factory.retrain.shortId());
    assertThat(lines)
        .anySatisfy(l -> assertThat(l.split("\\s+")).containsExactly("epochs", "10", "20"));
    assertThat(lines)
        .anySatisfy(
            l -> assertThat(l.split("\\s+")).containsExactly("metric", "accuracy", "0.91", "0.87"));
    assertThat(result.out()).doesNotContain("learning_rate").doesNotContain("hunter2");
    assertThat(Cli.in(temp, "compare", factory.train.id(), factory.retrain.id(), "--all").out())
        .contains("learning_rate");

    JsonNode json =
        new ObjectMapper()
            .readTree(
                Cli.in(temp, "compare", factory.train.id(), factory.retrain.id(), "--json").out());
    assertThat(json.get("runs").get(1).asText()).isEqualTo(factory.retrain.id());
    assertThat(json.get("metrics").get(0).get("values").get(0).asDouble()).isEqualTo(0.91);

    Cli.Result one = Cli.in(temp, "compare", factory.train.id());
    assertThat(one.exitCode()).isEqualTo(2);
  }

  private static String line(List<String> lines, Run run) {
    return lines.stream().filter(l -> l.startsWith(run.shortId())).findFirst().orElseThrow();
  }

  private static List<String> ids(Cli.Result result) {
    assertThat(result.exitCode()).as(result.err()).isZero();
    try {
      JsonNode array = new ObjectMapper().readTree(result.out());
      return StreamSupport.stream(array.spliterator(), false)
          .map(n -> n.get("id").asText())
          .toList();
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + result.out(), e);
    }
  }
}
