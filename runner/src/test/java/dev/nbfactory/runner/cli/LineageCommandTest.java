package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.testing.TempRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LineageCommandTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  private SampleFactory factory;

  @BeforeEach
  void record() {
    factory = new SampleFactory(temp.get());
  }

  @Test
  void upstreamIsATreeAndADiamondIsPrintedOnce() {
    Cli.Result result = Cli.in(temp, "lineage", "report");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines())
        .containsExactly(
            version("report@1"),
            "└─ " + run(factory.evaluate),
            "   ├─ " + version("churn-model@1"),
            "   │  └─ " + run(factory.train),
            "   │     └─ " + version("features@1"),
            "   │        └─ " + run(factory.features),
            "   │           └─ " + version("customers@1"),
            "   │              └─ " + run(factory.ingest),
            "   └─ " + version("features@1") + " (see above)");
  }

  @Test
  void downstreamFollowsReadersAndWhatTheyWrote() {
    Cli.Result result = Cli.in(temp, "lineage", "features@1", "--downstream");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines())
        .containsExactly(
            version("features@1"),
            "├─ " + run(factory.train),
            "│  └─ " + version("churn-model@1"),
            "│     └─ " + run(factory.evaluate),
            "│        └─ " + version("report@1"),
            "├─ " + run(factory.evaluate) + " (see above)",
            "└─ " + run(factory.retrain),
            "   └─ " + version("churn-model@2"));
  }

  @Test
  void depthCutsTheTreeAndMarksWhereItGoesOn() {
    Cli.Result result = Cli.in(temp, "lineage", "report", "--depth", "1");

    assertThat(result.outLines())
        .containsExactly(
            version("report@1"),
            "└─ " + run(factory.evaluate),
            "   ├─ " + version("churn-model@1") + " …",
            "   └─ " + version("features@1") + " …",
            "(… goes on beyond --depth 1)");
    assertThat(Cli.in(temp, "lineage", "report", "--depth", "0").outLines())
        .containsExactly(version("report@1") + " …", "(… goes on beyond --depth 0)");
    assertThat(Cli.in(temp, "lineage", "report", "--depth", "-1").exitCode()).isEqualTo(2);
  }

  @Test
  void aVersionWrittenOutsideAnyRunHasNothingUpstream() {
    temp.get().putOutput(null, "lookup", ArtifactKind.FILE, "text/plain", SampleFactory.bytes("x"));
    assertThat(Cli.in(temp, "lineage", "lookup").outLines())
        .containsExactly(
            version("lookup@1"), "(nothing upstream: no run is recorded as writing it)");
  }

  @Test
  void aRunThatRewritesItsOwnInputDoesNotLoop() {
    Run again = temp.get().startRun(RunStart.builder("ingest").build());
    temp.get().logInput(again.id(), "customers@1");
    temp.get()
        .putOutput(
            again.id(),
            "customers",
            ArtifactKind.DATASET,
            "text/csv",
            SampleFactory.bytes("id,churn\n1,0\n"));

    Cli.Result result = Cli.in(temp, "lineage", "customers@1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("(see above)");
    assertThat(result.outLines()).hasSizeLessThan(10);
  }

  @Test
  void jsonHoldsTheNodesAndTheEdgesTheWayDataFlows() throws Exception {
    Cli.Result result = Cli.in(temp, "lineage", "report", "--json");

    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("root").asText()).isEqualTo("report@1");
    assertThat(json.get("direction").asText()).isEqualTo("upstream");
    assertThat(json.get("nodes").findValuesAsText("id"))
        .containsExactlyInAnyOrder(
            "report@1",
            factory.evaluate.id(),
            "churn-model@1",
            "features@1",
            factory.train.id(),
            factory.features.id(),
            "customers@1",
            factory.ingest.id());
    List<String> edges = new ArrayList<>();
    json.get("edges")
        .forEach(
            e ->
                edges.add(
                    e.get("from").asText()
                        + " "
                        + e.get("type").asText()
                        + " "
                        + e.get("to").asText()));
    assertThat(edges)
        .containsExactlyInAnyOrder(
            factory.evaluate.id() + " produced report@1",
            "churn-model@1 consumed " + factory.evaluate.id(),
            "features@1 consumed " + factory.evaluate.id(),
            factory.train.id() + " produced churn-model@1",
            "features@1 consumed " + factory.train.id(),
            factory.features.id() + " produced features@1",
            "customers@1 consumed " + factory.features.id(),
            factory.ingest.id() + " produced customers@1");
  }

  @Test
  void jsonStopsAtTheDepth() throws Exception {
    JsonNode json =
        new ObjectMapper()
            .readTree(Cli.in(temp, "lineage", "report", "--depth", "1", "--json").out());
    assertThat(json.get("nodes").findValuesAsText("id"))
        .containsExactlyInAnyOrder(
            "report@1", factory.evaluate.id(), "churn-model@1", "features@1");
    assertThat(json.get("edges")).hasSize(3);
  }

  @Test
  void unknownNamesAndVersionsAreOneLineWithWhatExists() {
    Cli.Result name = Cli.in(temp, "lineage", "custmers");
    Cli.Result number = Cli.in(temp, "lineage", "customers@9");

    assertThat(name.exitCode()).isEqualTo(1);
    assertThat(name.errLines())
        .containsExactly("factory: no artifact named 'custmers'; did you mean 'customers'?");
    assertThat(number.exitCode()).isEqualTo(1);
    assertThat(number.errLines())
        .containsExactly("factory: artifact 'customers' has no version 9; its versions are 1 to 1");
  }

  @Test
  void asciiTerminalsGetAsciiBranches() {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.PrintWriter writer = new java.io.PrintWriter(out);
    CliContext context =
        new CliContext(
            writer,
            new java.io.PrintWriter(new java.io.StringWriter()),
            java.util.Map.of(),
            temp.projectDir(),
            java.time.Clock.systemUTC(),
            false);
    assertThat(FactoryCli.execute(context, "lineage", "report")).isZero();
    assertThat(out.toString()).contains("`- ", "|  ").doesNotContain("└", "│");
  }

  /** How a version reads in the tree: {@code name@N (kind, short hash)}. */
  private String version(String ref) {
    var version = temp.get().resolve(ref);
    return ref
        + " ("
        + version.kind().name().toLowerCase(java.util.Locale.ROOT)
        + ", "
        + version.shortHash()
        + ")";
  }

  /** How a run reads in the tree: {@code stage run shortid (STATUS, started ago)}. */
  private String run(Run run) {
    String ago =
        run == factory.ingest
            ? "5 h ago"
            : run == factory.features
                ? "4 h ago"
                : run == factory.train
                    ? "2 h ago"
                    : run == factory.evaluate ? "1 h ago" : "30 min ago";
    String status = run == factory.retrain ? "FAILED" : "SUCCEEDED";
    return run.stage() + " run " + run.shortId() + " (" + status + ", " + ago + ")";
  }
}
