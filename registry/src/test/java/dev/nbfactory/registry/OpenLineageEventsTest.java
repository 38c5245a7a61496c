package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.openlineage.OpenLineageConfig;
import dev.nbfactory.registry.openlineage.OpenLineageEmitter;
import dev.nbfactory.registry.testing.OpenLineageSchemas;
import dev.nbfactory.registry.testing.TempRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
    OpenLineageSchemas official = new OpenLineageSchemas();
    for (String line : Files.readAllLines(events)) {
      assertThat(official.violations(line)).as(line).isEmpty();
    }
    temp.reopen();
  }

  @Test
  void pipelineStagesAndEveryAttemptOfAFiringNameTheirParentAndPassTheOfficialSchemas()
      throws Exception {
    Path events = temp.projectDir().resolve("events.jsonl");
    Path config = temp.projectDir().resolve("openlineage.yml");
    Files.writeString(config, "transport:\n  type: file\n  location: " + events + "\n");
    Registry registry = temp.get();
    registry.addListener(OpenLineageConfig.fromFile(config, "team-a"));

    Run pipeline = registry.startRun(RunStart.builder("demo").kind(RunKind.PIPELINE).build());
    Run stage =
        registry.startRun(
            RunStart.builder("ingest").kind(RunKind.HEADLESS).parentRun(pipeline.id()).build());
    registry.finishRun(stage.id(), RunStatus.SUCCEEDED, null);
    registry.finishRun(pipeline.id(), RunStatus.SUCCEEDED, null);
    Instant due = Instant.parse("2026-12-07T03:00:00Z");
    Run first =
        registry.startRun(
            RunStart.builder("train").kind(RunKind.SCHEDULED).schedule("nightly", due).build());
    registry.finishRun(first.id(), RunStatus.FAILED, "cell 1: boom");
    Run retry =
        registry.startRun(
            RunStart.builder("train")
                .kind(RunKind.SCHEDULED)
                .retry("nightly", due)
                .parentRun(first.id())
                .build());
    registry.finishRun(retry.id(), RunStatus.SUCCEEDED, null);
    assertThat(registry.run(retry.id()).fireTime()).as("a retry does not claim").isNull();
    assertThat(registry.run(retry.id()).nominalTime()).isEqualTo(due);
    registry.close();

    List<String> lines = Files.readAllLines(events);
    OpenLineageSchemas official = new OpenLineageSchemas();
    for (String line : lines) {
      assertThat(official.violations(line)).as(line).isEmpty();
    }
    List<OpenLineage.RunEvent> read =
        lines.stream().map(OpenLineageClientUtils::runEventFromJson).toList();
    OpenLineage.ParentRunFacet ofStage = facetsOf(read, stage.id()).getParent();
    assertThat(ofStage.getJob().getName()).isEqualTo("demo");
    assertThat(ofStage.getJob().getNamespace()).isEqualTo("team-a");
    assertThat(hex(ofStage.getRun().getRunId())).isEqualTo(pipeline.id());
    assertThat(facetsOf(read, pipeline.id()).getParent()).isNull();

    OpenLineage.RunFacets ofFirst = facetsOf(read, first.id());
    OpenLineage.RunFacets ofRetry = facetsOf(read, retry.id());
    assertThat(ofFirst.getParent().getJob().getName()).isEqualTo("schedule:nightly");
    assertThat(ofRetry.getParent().getJob().getName()).isEqualTo("schedule:nightly");
    assertThat(ofRetry.getParent().getRun().getRunId())
        .as("every attempt of the firing has the same parent")
        .isEqualTo(ofFirst.getParent().getRun().getRunId());
    assertThat(ofRetry.getNominalTime().getNominalStartTime().toInstant()).isEqualTo(due);
    assertThat(ofFirst.getNominalTime().getNominalStartTime().toInstant()).isEqualTo(due);
    temp.reopen();
  }

  /** Issue 16, item 7: OPENLINEAGE_URL alone, as the README says, sends to a real HTTP server. */
  @Test
  void openLineageUrlAloneSendsEventsOverHttpWithTheApiKey() throws Exception {
    List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> auth = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          paths.add(exchange.getRequestURI().getPath());
          auth.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          bodies.add(new String(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(201, -1);
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      Registry registry = temp.get();
      registry.addListener(
          OpenLineageConfig.emitter(
                  Map.of("OPENLINEAGE_URL", url, "OPENLINEAGE_API_KEY", "key-1"), temp.projectDir())
              .orElseThrow());
      Run run = registry.startRun(RunStart.builder("train").build());
      registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);
      registry.close();
      assertThat(paths).containsExactly("/api/v1/lineage", "/api/v1/lineage");
      assertThat(auth).containsOnly("Bearer key-1");
      OpenLineageSchemas official = new OpenLineageSchemas();
      for (String body : bodies) {
        assertThat(official.violations(body)).as(body).isEmpty();
      }
    } finally {
      server.stop(0);
    }
    temp.reopen();
  }

  @Test
  void theSchemaCheckFindsWhatIsWrong() throws Exception {
    String good =
        "{\"eventType\":\"START\",\"eventTime\":\"2026-12-07T03:00:00Z\","
            + "\"producer\":\"urn:x\",\"schemaURL\":\""
            + OpenLineageSchemas.EVENT_SCHEMA
            + "#/$defs/RunEvent\","
            + "\"run\":{\"runId\":\"0192f3a0-0000-7000-8000-000000000000\",\"facets\":{"
            + "\"nbfactory_parameters\":{\"_producer\":\"urn:x\",\"_schemaURL\":\""
            + OpenLineageEmitter.SPEC_URL
            + "facets/1-0-0/ParametersRunFacet.json#/$defs/ParametersRunFacet\","
            + "\"parameters\":{\"epochs\":%s}}}},"
            + "\"job\":{\"namespace\":\"team-a\",\"name\":\"train\"}}";
    OpenLineageSchemas official = new OpenLineageSchemas();
    assertThat(official.violations(good.formatted("\"5\""))).isEmpty();
    assertThat(official.violations(good.formatted("5")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("nbfactory_parameters");
    assertThat(official.violations(good.formatted("\"5\"").replace("\"job\"", "\"jobs\"")))
        .isNotEmpty();
  }

  private static OpenLineage.RunFacets facetsOf(List<OpenLineage.RunEvent> events, String runId) {
    return events.stream()
        .filter(e -> hex(e.getRun().getRunId()).equals(runId))
        .filter(e -> e.getEventType() != OpenLineage.RunEvent.EventType.START)
        .findFirst()
        .orElseThrow()
        .getRun()
        .getFacets();
  }

  private static String hex(java.util.UUID id) {
    return id.toString().replace("-", "");
  }
}
