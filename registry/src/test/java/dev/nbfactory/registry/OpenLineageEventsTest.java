package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.openlineage.OpenLineageConfig;
import dev.nbfactory.registry.testing.TempRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Events written through the client's file transport, read back with the client's own model. */
class OpenLineageEventsTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  @Test
  void runsEmitStartAndCompleteOrFailWithDatasetsSchemasParametersAndMetrics() throws Exception {
    Path events = temp.projectDir().resolve("events.jsonl");
    Path config = temp.projectDir().resolve("openlineage.yml");
    Files.writeString(config, "transport:\n  type: file\n  location: " + events + "\n");
    Registry registry = temp.get();
    registry.addListener(OpenLineageConfig.fromFile(config, "team-a"));

    registry.putOutput(null, "raw", ArtifactKind.DATASET, "text/csv", "a\n1\n".getBytes());
    Run run = registry.startRun(RunStart.builder("train").build());
    registry.logParameters(run.id(), Map.of("epochs", 5, "api_token", "tok-123"), Set.of());
    registry.logInput(run.id(), "raw");
    Path rawFile = Files.writeString(temp.projectDir().resolve("rows.csv"), "a\n1\n");
    ExternalContent file = registry.externalContent(rawFile);
    registry.logExternalInput(
        run.id(),
        new OutputSpec(
            file.name(),
            ArtifactKind.EXTERNAL,
            file.contentHash(),
            file.size(),
            "text/csv",
            null,
            null),
        false);
    registry.logOutput(
        run.id(),
        OutputSpec.of(
                "model",
                ArtifactKind.MODEL,
                registry.store().put("m".getBytes()),
                "application/octet-stream")
            .withSchema(List.of(new Column("label", "STRING"))));
    registry.logMetric(run.id(), "accuracy", 0.93, 0);
    registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);
    Run failed = registry.startRun(RunStart.builder("train").build());
    registry.finishRun(
        failed.id(),
        RunStatus.FAILED,
        "cell 2: RuntimeException: boom\njava.lang.RuntimeException: boom\n\tat (Cell In[3], line 1)");
    String modelHash = registry.resolve("model").contentHash();
    registry.close();

    List<OpenLineage.RunEvent> read =
        Files.readAllLines(events).stream().map(OpenLineageClientUtils::runEventFromJson).toList();
    assertThat(read)
        .extracting(OpenLineage.RunEvent::getEventType)
        .containsExactly(
            OpenLineage.RunEvent.EventType.START,
            OpenLineage.RunEvent.EventType.COMPLETE,
            OpenLineage.RunEvent.EventType.START,
            OpenLineage.RunEvent.EventType.FAIL);
    OpenLineage.RunEvent complete = read.get(1);
    assertThat(complete.getRun().getRunId().toString().replace("-", "")).isEqualTo(run.id());
    assertThat(complete.getJob().getNamespace()).isEqualTo("team-a");
    assertThat(complete.getJob().getName()).isEqualTo("train");
    assertThat(complete.getInputs())
        .extracting(OpenLineage.InputDataset::getNamespace, OpenLineage.InputDataset::getName)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("team-a", "raw"),
            // a raw file as OpenLineage's naming spec names a local file
            org.assertj.core.groups.Tuple.tuple("file", rawFile.toAbsolutePath().toString()));
    OpenLineage.OutputDataset model = complete.getOutputs().get(0);
    assertThat(model.getName()).isEqualTo("model");
    assertThat(model.getFacets().getSchema().getFields())
        .extracting(
            OpenLineage.SchemaDatasetFacetFields::getName,
            OpenLineage.SchemaDatasetFacetFields::getType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("label", "STRING"));
    assertThat(model.getFacets().getVersion().getDatasetVersion()).isEqualTo(modelHash);
    Map<String, OpenLineage.RunFacet> facets =
        complete.getRun().getFacets().getAdditionalProperties();
    assertThat(facets).containsKeys("nbfactory_parameters", "nbfactory_metrics");
    String json = Files.readString(events);
    assertThat(json)
        .contains("\"epochs\":\"5\"")
        .contains("\"accuracy\":0.93")
        .doesNotContain("tok-123");
    OpenLineage.ErrorMessageRunFacet error = read.get(3).getRun().getFacets().getErrorMessage();
    assertThat(error.getMessage()).isEqualTo("cell 2: RuntimeException: boom");
    assertThat(error.getStackTrace())
        .isEqualTo("java.lang.RuntimeException: boom\n\tat (Cell In[3], line 1)");
    temp.reopen();
  }
}
