package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.testing.TempRegistry;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ArtifactsCommandTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  private SampleFactory factory;

  @BeforeEach
  void record() {
    factory = new SampleFactory(temp.get());
  }

  @Test
  void listsArtifactsWithTheirLatestVersion() {
    ArtifactVersion latest = temp.get().resolve("churn-model");

    Cli.Result result = Cli.in(temp, "artifacts");

    assertThat(result.exitCode()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly("NAME", "KIND", "VERSIONS", "LATEST", "SIZE", "UPDATED", "CREATED");
    assertThat(lines.subList(1, lines.size()))
        .extracting(line -> line.split("\\s+")[0])
        .containsExactly("churn-model", "customers", "features", "report");
    assertThat(lines.get(1).split("\\s{2,}"))
        .containsExactly(
            "churn-model", "model", "2", "@2 " + latest.shortHash(), "7 B", "just now", "just now");
  }

  @Test
  void filtersByKind() {
    Cli.Result result = Cli.in(temp, "artifacts", "--kind", "dataset");
    assertThat(result.outLines()).hasSize(3);
    assertThat(result.out()).contains("customers", "features").doesNotContain("churn-model");

    Cli.Result none = Cli.in(temp, "artifacts", "--kind", "chart");
    assertThat(none.outLines()).containsExactly("no chart artifacts");

    Cli.Result bad = Cli.in(temp, "artifacts", "--kind", "pictures");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown artifact kind 'pictures'").contains("dataset, model");
  }

  @Test
  void listsOneArtifactsVersionsWithAliases() {
    temp.get().setAlias("churn-model@1", "production", "alice");

    Cli.Result result = Cli.in(temp, "artifacts", "churn-model");

    assertThat(result.exitCode()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines.get(0)).isEqualTo("churn-model (model)");
    assertThat(lines.get(2))
        .contains("1", factory.train.shortId(), "production", "application/octet-stream");
    assertThat(lines.get(3)).contains("2", factory.retrain.shortId()).doesNotContain("production");
  }

  @Test
  void jsonParsesAndNamesTheLatestVersions() throws Exception {
    JsonNode list = new ObjectMapper().readTree(Cli.in(temp, "artifacts", "--json").out());
    assertThat(list.findValuesAsText("name")).contains("churn-model", "report");
    assertThat(list.get(0).get("latest").get("ref").asText()).isEqualTo("churn-model@2");
    assertThat(list.get(0).get("versions").asInt()).isEqualTo(2);

    JsonNode versions =
        new ObjectMapper().readTree(Cli.in(temp, "artifacts", "features", "--json").out());
    assertThat(versions).hasSize(1);
    assertThat(versions.get(0).get("producerRunId").asText()).isEqualTo(factory.features.id());
  }

  @Test
  void aMistypedNameSuggestsTheRightOne() {
    Cli.Result result = Cli.in(temp, "artifacts", "custmers");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly("factory: no artifact named 'custmers'; did you mean 'customers'?");
  }
}
