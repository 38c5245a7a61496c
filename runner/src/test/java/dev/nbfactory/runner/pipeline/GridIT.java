package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.AliasChange;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.runner.execute.FactoryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grids over a pipeline as real processes on a real registry: the example factory's first four
 * stages with a 2×3 grid over {@code train}, then small stages for failures and hostile values.
 */
class GridIT {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(8);
  private static final String[] GRID = {
    "--grid", "train.algorithm=logistic,cart", "--grid", "train.epochs=10,20,40"
  };

  @TempDir Path dir;

  private Registry registry() {
    return Registry.open(dir.resolve(".factory").toString());
  }

  private Map<String, Long> successfulRuns() {
    try (Registry registry = registry()) {
      return registry.runs(RunQuery.all().withStatus(RunStatus.SUCCEEDED)).stream()
          .filter(r -> r.kind() != RunKind.PIPELINE)
          .collect(Collectors.groupingBy(Run::stage, Collectors.counting()));
    }
  }

  private FactoryProcess.Result factory(String... args) throws Exception {
    return FactoryProcess.run(dir, Map.of(), TIMEOUT, args);
  }

  private FactoryProcess.Result grid(String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("pipeline", "run", "factory"));
    args.addAll(List.of(GRID));
    args.addAll(List.of("--experiment", "sweep", "--jobs", "2"));
    args.addAll(List.of(more));
    return factory(args.toArray(String[]::new));
  }

  @Test
  void aTwoByThreeGridSharesIngestAndFeaturesRanksItsMembersAndOnlyTheGatePromotes()
      throws Exception {
    Files.createDirectories(dir.resolve("factory"));
    for (String nb : List.of("01-ingest", "02-features", "03-train", "04-evaluate")) {
      Files.copy(
          CHECKOUT.resolve("notebooks/" + nb + ".ipynb"), dir.resolve("factory/" + nb + ".ipynb"));
    }
    Files.createDirectories(dir.resolve("data"));
    Files.copy(
        CHECKOUT.resolve("data/breast_cancer_wisconsin.csv"),
        dir.resolve("data/breast_cancer_wisconsin.csv"));
    assertThat(factory("init").exitCode()).isZero();

    var first = grid();
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stderr())
        .contains("experiment sweep, 6 members, 14 stage runs (2 shared)")
        .contains("14 ran, 0 up to date, 0 failed, 0 not run; 6 of 6 members done");
    assertThat(successfulRuns())
        .isEqualTo(Map.of("ingest", 1L, "features", 1L, "train", 6L, "evaluate", 6L));
    try (Registry registry = registry()) {
      // the members' gates decided but were held: nothing is production
      assertThat(registry.aliases("cancer-model")).isEmpty();
      List<Run> evaluations = registry.runs(RunQuery.all().withStage("evaluate"));
      Map<String, Map<String, String>> tags =
          registry.queries().runTags(evaluations.stream().map(Run::id).toList());
      for (Run evaluate : evaluations) {
        String member = tags.get(evaluate.id()).get("member");
        assertThat(tags.get(evaluate.id())).containsEntry("experiment", "sweep");
        assertThat(metric(registry, evaluate, "gate.held")).isEqualTo(1.0);
        assertThat(metric(registry, evaluate, "gate.promoted")).isZero();
        // each member's evaluation read the model its own train wrote: one artifact, six versions
        ArtifactVersion model =
            registry.inputs(evaluate.id()).stream()
                .filter(v -> v.name().equals("cancer-model"))
                .findFirst()
                .orElseThrow();
        String producer = model.producerRunId();
        assertThat(registry.record(producer).run().stage()).isEqualTo("train");
        assertThat(registry.queries().runTags(List.of(producer)).get(producer))
            .containsEntry("member", member);
        assertThat(parameters(registry, producer))
            .containsEntry("algorithm", Integer.parseInt(member) <= 3 ? "logistic" : "cart")
            .containsEntry(
                "epochs", List.of("10", "20", "40").get((Integer.parseInt(member) - 1) % 3));
      }
      assertThat(registry.resolve("cancer-model").version()).isEqualTo(6);
    }

    JsonNode list = JSON.readTree(factory("experiments", "list", "--json").stdout());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("name").asText()).isEqualTo("sweep");
    assertThat(list.get(0).get("members").asInt()).isEqualTo(6);
    assertThat(list.get(0).get("succeeded").asInt()).isEqualTo(6);

    JsonNode ranked =
        JSON.readTree(
            factory("experiments", "show", "sweep", "--sort", "accuracy", "--json").stdout());
    List<Double> accuracies = new ArrayList<>();
    ranked.get("members").forEach(m -> accuracies.add(m.get("metrics").get("accuracy").asDouble()));
    assertThat(accuracies).hasSize(6).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(ranked.get("members").get(0).get("best").asBoolean()).isTrue();
    assertThat(ranked.get("members").get(1).get("best").asBoolean()).isFalse();
    int best = ranked.get("members").get(0).get("member").asInt();
    assertThat(ranked.get("members").get(0).get("parameters").get("train.algorithm").asText())
        .isIn("logistic", "cart");

    JsonNode lowest =
        JSON.readTree(
            factory(
                    "experiments",
                    "show",
                    "sweep",
                    "--sort",
                    "accuracy",
                    "--asc",
                    "--top",
                    "2",
                    "--json")
                .stdout());
    assertThat(lowest.get("members")).hasSize(2);
    assertThat(lowest.get("members").get(0).get("metrics").get("accuracy").asDouble())
        .isEqualTo(accuracies.get(5));
    var table = factory("experiments", "show", "sweep", "--sort", "accuracy");
    assertThat(table.stdout())
        .contains("train.algorithm")
        .contains("train.epochs")
        .containsPattern("(?m)^\\*\\s+" + best + "\\s");

    // Again, with the best through the gate: every stage is up to date, and only the gate moves
    // production, to the best member's model.
    var second = grid("--promote-best", "accuracy");
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stderr())
        .contains("0 ran, 14 up to date, 0 failed")
        .contains("member " + best + " is best in accuracy")
        .contains("the gate of evaluate promoted member " + best + "'s model");
    assertThat(successfulRuns())
        .isEqualTo(Map.of("ingest", 1L, "features", 1L, "train", 6L, "evaluate", 7L));
    try (Registry registry = registry()) {
      ArtifactVersion production = registry.resolve("cancer-model@production");
      String producer = production.producerRunId();
      assertThat(registry.queries().runTags(List.of(producer)).get(producer))
          .containsEntry("member", Integer.toString(best));
      assertThat(registry.aliasHistory("cancer-model", "production"))
          .singleElement()
          .satisfies(
              (AliasChange c) -> {
                assertThat(c.reason()).startsWith("gate: cancer-model@" + production.version());
                assertThat(c.changedBy()).startsWith("gate, run ");
              });
    }
    var third = grid();
    assertThat(third.exitCode()).as(third.stderr()).isZero();
    assertThat(third.stderr()).contains("0 ran, 14 up to date");
  }

  private void notebook(String file, String parameters, String... cells) throws Exception {
    StageNotebooks.write(dir, file, parameters, cells);
  }

  @Test
  void aFailedMemberBlocksOnlyItsOwnStagesAndGridValuesAreTypedWithHostileTextIntact()
      throws Exception {
    notebook(
        "1-base.ipynb",
        "int rows = 5;",
        "Factory.stage(\"base\");\n"
            + "Factory.output(\"base\", Table.create(\"base\", IntColumn.indexColumn(\"x\", rows, 0)));");
    notebook(
        "2-fit.ipynb",
        "String label = \"plain\";\nint n = 1;\ndouble rate = 0.5;",
        "Factory.stage(\"fit\");\nTable b = Factory.table(\"base\");\n"
            + "if (n == 2) throw new IllegalStateException(\"member with n = 2 fails\");\n"
            + "Factory.metric(\"n_times_ten\", n * 10);\n"
            + "Factory.metric(\"rate_times_four\", rate * 4);\n"
            + "Factory.metric(\"label_length\", label.length());\n"
            + "Factory.metric(\"label_is_hostile\", label.startsWith(\"x'); DROP\") ? 1 : 0);\n"
            + "Factory.output(\"fit\", b.where(b.intColumn(\"x\").isLessThan(n)));");
    notebook(
        "3-use.ipynb",
        "",
        "Factory.stage(\"use\");\nFactory.output(\"used\", Factory.table(\"fit\"));");
    String hostile = "x'); DROP TABLE runs; -- \"q\" \\ $HOME ${x} `id`";
    // YAML single quotes: a quote is doubled, a backslash is itself
    Files.writeString(
        dir.resolve("grid.yaml"),
        "- fit.label: '" + hostile.replace("'", "''") + "'\n  fit.rate: 0.25\n");
    assertThat(factory("init").exitCode()).isZero();

    var run =
        factory(
            "pipeline",
            "run",
            "stages",
            "--grid",
            "fit.n=1,2,3",
            "--grid-file",
            "grid.yaml",
            "--experiment",
            "hostile",
            "--jobs",
            "2");
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("experiment hostile, 3 members, 7 stage runs (1 shared)")
        .contains("not run: 'fit [member 2]' failed")
        .contains("5 ran, 0 up to date, 1 failed, 1 not run; 2 of 3 members done");
    assertThat(successfulRuns()).isEqualTo(Map.of("base", 1L, "fit", 2L, "use", 2L));
    try (Registry registry = registry()) {
      var experiment = registry.experiments().get("hostile");
      assertThat(experiment.members())
          .extracting(m -> m.status())
          .containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED");
      assertThat(experiment.members().get(1).parameters())
          .containsEntry("fit.label", hostile)
          .containsEntry("fit.n", "2")
          .containsEntry("fit.rate", "0.25");
      String fit3 = experiment.members().get(2).runs().get("fit");
      Run fit = registry.record(fit3).run();
      assertThat(metric(registry, fit, "n_times_ten")).isEqualTo(30);
      assertThat(metric(registry, fit, "rate_times_four")).isEqualTo(1.0);
      assertThat(metric(registry, fit, "label_length")).isEqualTo(hostile.length());
      assertThat(metric(registry, fit, "label_is_hostile")).isEqualTo(1);
      assertThat(parameters(registry, fit3))
          .containsEntry("label", hostile)
          .containsEntry("n", "3")
          .containsEntry("rate", "0.25");
    }
    var show = factory("experiments", "show", "hostile", "--sort", "n_times_ten");
    assertThat(show.stdout()).containsPattern("(?m)^\\*\\s+3\\s").contains("failed");
  }

  private static double metric(Registry registry, Run run, String key) {
    return registry.metrics(run.id()).stream()
        .filter(m -> m.key().equals(key))
        .mapToDouble(Metric::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("run " + run.shortId() + " has no metric " + key));
  }

  private static Map<String, String> parameters(Registry registry, String runId) {
    return registry.record(runId).parameters().stream()
        .collect(Collectors.toMap(Parameter::name, Parameter::value));
  }
}
