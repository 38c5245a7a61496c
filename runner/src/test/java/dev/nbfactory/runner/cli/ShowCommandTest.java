package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.CheckResult;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.testing.TempRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShowCommandTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  private SampleFactory factory;

  @BeforeEach
  void record() {
    factory = new SampleFactory(temp.get());
  }

  @Test
  void showsEverythingRecordedAboutARun() {
    ArtifactVersion features = temp.get().resolve("features@1");
    ArtifactVersion model = temp.get().resolve("churn-model@1");

    Cli.Result result = Cli.in(temp, "show", factory.train.shortId());

    assertThat(result.exitCode()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines.get(0)).isEqualTo("run       " + factory.train.id());
    assertThat(lines)
        .contains(
            "stage     train",
            "status    SUCCEEDED",
            "kind      interactive",
            "parameters",
            "  api_key        ********  (secret)",
            "  epochs         10",
            "  learning_rate  0.1",
            "inputs",
            "  features@1  dataset  " + features.shortHash() + "  12 B",
            "outputs",
            "  churn-model@1  model  " + model.shortHash() + "  7 B",
            "metrics",
            "  accuracy  0.91  (last of 3 values, step 2)",
            "  loss      0.25",
            "tags",
            "  owner  data-team");
    assertThat(result.out()).doesNotContain("hunter2");
    assertThat(lines).anyMatch(l -> l.startsWith("started   ") && l.endsWith("(2 h ago)"));
  }

  @Test
  void showsTheErrorOfAFailedRunAndSaysWhatIsEmpty() {
    Cli.Result result = Cli.in(temp, "show", factory.retrain.id());
    assertThat(result.outLines())
        .contains(
            "status    FAILED", "error     cell 7: IllegalStateException: diverged", "tags: none");
  }

  @Test
  void showsTheEnvironmentOfAScheduledRun() {
    var run =
        temp.get()
            .startRun(
                RunStart.builder("report")
                    .kind(RunKind.SCHEDULED)
                    .notebook("notebooks/05-report.ipynb", "ab".repeat(32))
                    .gitCommit("0123456789abcdef")
                    .schedule("nightly", Instant.parse("2026-11-25T06:00:00Z"))
                    .classpath(List.of("a.jar", "b.jar"))
                    .build());
    Cli.Result result = Cli.in(temp, "show", run.id());
    assertThat(result.outLines())
        .contains(
            "status      RUNNING",
            "notebook    notebooks/05-report.ipynb (abababababab)",
            "git commit  0123456789abcdef",
            "schedule    nightly (fired 2026-11-25T06:00:00Z)",
            "classpath   2 entries (--json lists them)",
            "parameters: none",
            "inputs: none");
    assertThat(result.out()).contains("so far");
  }

  @Test
  void jsonHoldsTheRecord() throws Exception {
    Cli.Result result = Cli.in(temp, "show", factory.train.shortId(), "--json");

    JsonNode run = new ObjectMapper().readTree(result.out());
    assertThat(run.get("id").asText()).isEqualTo(factory.train.id());
    assertThat(run.get("parameters").findValuesAsText("name"))
        .containsExactly("api_key", "epochs", "learning_rate");
    assertThat(run.get("parameters").get(0).get("value").asText()).isEqualTo("********");
    assertThat(run.get("parameters").get(0).get("secret").asBoolean()).isTrue();
    assertThat(run.get("inputs").get(0).get("ref").asText()).isEqualTo("features@1");
    assertThat(run.get("outputs").get(0).get("producerRunId").asText())
        .isEqualTo(factory.train.id());
    JsonNode accuracy = run.get("metrics").get(0);
    assertThat(accuracy.get("key").asText()).isEqualTo("accuracy");
    assertThat(accuracy.get("last").asDouble()).isEqualTo(0.91);
    assertThat(accuracy.get("values")).hasSize(3);
    assertThat(run.get("tags").get("owner").asText()).isEqualTo("data-team");
    assertThat(result.out()).doesNotContain("hunter2");
  }

  @Test
  void listsTheDataChecksWithWhatTheyObservedInTextAndJson() throws Exception {
    temp.get()
        .logChecks(
            factory.retrain.id(),
            List.of(
                new CheckResult(
                    "rowsAtLeast(400)",
                    CheckResult.Severity.ERROR,
                    true,
                    "at least 400",
                    "569 rows"),
                new CheckResult(
                    "noMissing(diagnosis)",
                    CheckResult.Severity.ERROR,
                    false,
                    "none missing",
                    "3 missing of 569"),
                new CheckResult(
                    "unique(id)", CheckResult.Severity.WARN, false, "no value twice", null)));

    assertThat(Cli.in(temp, "show", factory.retrain.id()).outLines())
        .containsSubsequence(
            "checks",
            "  rowsAtLeast(400)      passed   569 rows          expected at least 400",
            "  noMissing(diagnosis)  FAILED   3 missing of 569  expected none missing",
            "  unique(id)            warning  -                 expected no value twice");
    assertThat(Cli.in(temp, "show", factory.train.id()).outLines()).contains("checks: none");

    JsonNode checks =
        new ObjectMapper()
            .readTree(Cli.in(temp, "show", factory.retrain.id(), "--json").out())
            .get("checks");
    assertThat(checks).hasSize(3);
    assertThat(checks.get(1).get("name").asText()).isEqualTo("noMissing(diagnosis)");
    assertThat(checks.get(1).get("severity").asText()).isEqualTo("ERROR");
    assertThat(checks.get(1).get("passed").asBoolean()).isFalse();
    assertThat(checks.get(1).get("outcome").asText()).isEqualTo("FAILED");
    assertThat(checks.get(1).get("observed").asText()).isEqualTo("3 missing of 569");
    assertThat(checks.get(1).get("expected").asText()).isEqualTo("none missing");
    assertThat(checks.get(2).get("observed").isNull()).isTrue();
  }

  @Test
  void anUnknownOrMalformedRunIsOneLineAndExitCodeOne() {
    Cli.Result unknown = Cli.in(temp, "show", "ffffffff");
    Cli.Result malformed = Cli.in(temp, "show", "' OR 1=1--");

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.errLines()).containsExactly("factory: no run with id starting 'ffffffff'");
    assertThat(malformed.exitCode()).isEqualTo(1);
    assertThat(malformed.errLines())
        .singleElement()
        .asString()
        .startsWith("factory: invalid run id");
  }
}
