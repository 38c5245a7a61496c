package dev.nbfactory.registry.openlineage;

import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Column;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunListener;
import dev.nbfactory.registry.RunRecord;
import dev.nbfactory.registry.RunStatus;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends each run's START and its COMPLETE, FAIL or ABORT as OpenLineage run events through the
 * official client: the job is the stage, datasets are artifacts with their schema and content hash,
 * and parameters and metrics travel as our own run facets.
 */
public final class OpenLineageEmitter implements RunListener, AutoCloseable {
  /** Identifies this product as the events' producer. */
  public static final URI PRODUCER = URI.create("urn:dev.nbfactory:notebook-factory:0.1.0");

  /**
   * Where our facets' JSON Schemas are published, versioned as OpenLineage versions its own; the
   * same files ship in this jar under {@link #SPEC_RESOURCES}.
   */
  public static final String SPEC_URL = "https://nbfactory.dev/spec/";

  /** The class path folder holding the published spec files. */
  public static final String SPEC_RESOURCES = "dev/nbfactory/registry/openlineage/spec/";

  static final URI PARAMETERS_SCHEMA =
      URI.create(SPEC_URL + "facets/1-0-0/ParametersRunFacet.json#/$defs/ParametersRunFacet");
  static final URI METRICS_SCHEMA =
      URI.create(SPEC_URL + "facets/1-0-0/MetricsRunFacet.json#/$defs/MetricsRunFacet");

  /** The job a schedule's firings run under: the parent of each attempt. */
  public static final String SCHEDULE_JOB_PREFIX = "schedule:";

  private final OpenLineageClient client;
  private final String namespace;
  private final OpenLineage ol = new OpenLineage(PRODUCER);

  public OpenLineageEmitter(OpenLineageClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** How a warning names it. */
  @Override
  public String toString() {
    return "OpenLineage";
  }

  @Override
  public void runStarted(RunRecord record) {
    client.emit(event(record, OpenLineage.RunEvent.EventType.START));
  }

  @Override
  public void runFinished(RunRecord record) {
    client.emit(event(record, eventType(record.run().status())));
  }

  static OpenLineage.RunEvent.EventType eventType(RunStatus status) {
    return switch (status) {
      case RUNNING -> OpenLineage.RunEvent.EventType.RUNNING;
      case SUCCEEDED -> OpenLineage.RunEvent.EventType.COMPLETE;
      case KILLED -> OpenLineage.RunEvent.EventType.ABORT;
      case FAILED, TIMED_OUT, LOST -> OpenLineage.RunEvent.EventType.FAIL;
    };
  }

  /** Builds the event for a run as recorded now. */
  public OpenLineage.RunEvent event(RunRecord record, OpenLineage.RunEvent.EventType type) {
    Run run = record.run();
    OpenLineage.RunFacetsBuilder facets =
        ol.newRunFacetsBuilder()
            .put("nbfactory_parameters", new ParametersRunFacet(parameters(record.parameters())))
            .put("nbfactory_metrics", new MetricsRunFacet(metrics(record.metrics())));
    parent(record).ifPresent(facets::parent);
    if (run.nominalTime() != null) {
      facets.nominalTime(
          ol.newNominalTimeRunFacetBuilder()
              .nominalStartTime(run.nominalTime().atZone(ZoneOffset.UTC))
              .build());
    }
    if (run.error() != null && type == OpenLineage.RunEvent.EventType.FAIL) {
      // The run's error is a summary line, then the trace: each in its own field of the facet.
      String error = run.error().strip();
      int newline = error.indexOf('\n');
      facets.errorMessage(
          ol.newErrorMessageRunFacetBuilder()
              .message(newline < 0 ? error : error.substring(0, newline).strip())
              .programmingLanguage("Java")
              .stackTrace(newline < 0 ? null : error.substring(newline + 1).strip())
              .build());
    }
    ZonedDateTime time =
        (run.endedAt() != null && type != OpenLineage.RunEvent.EventType.START
                ? run.endedAt()
                : run.startedAt())
            .atZone(ZoneOffset.UTC);
    return ol.newRunEventBuilder()
        .eventType(type)
        .eventTime(time)
        .run(ol.newRunBuilder().runId(uuid(run.id())).facets(facets.build()).build())
        .job(
            ol.newJobBuilder()
                .namespace(namespace)
                .name(run.stage())
                .facets(
                    ol.newJobFacetsBuilder()
                        .jobType(
                            ol.newJobTypeJobFacetBuilder()
                                .processingType("BATCH")
                                .integration("NOTEBOOK_FACTORY")
                                .jobType("NOTEBOOK")
                                .build())
                        .build())
                .build())
        .inputs(
            record.inputs().stream()
                .map(
                    v ->
                        ol.newInputDatasetBuilder()
                            .namespace(datasetNamespace(v))
                            .name(datasetName(v))
                            .facets(datasetFacets(v))
                            .build())
                .toList())
        .outputs(
            record.outputs().stream()
                .map(
                    v ->
                        ol.newOutputDatasetBuilder()
                            .namespace(namespace)
                            .name(v.name())
                            .facets(datasetFacets(v))
                            .build())
                .toList())
        .build();
  }

  /**
   * The run this one belongs to, as Marquez groups runs: every attempt of a schedule's firing under
   * that firing (a run of the job {@code schedule:NAME} whose id follows from the schedule and the
   * firing's time, so that all attempts, on any node, name the same one); a pipeline's stage under
   * the pipeline's own run.
   */
  private Optional<OpenLineage.ParentRunFacet> parent(RunRecord record) {
    Run run = record.run();
    if (run.schedule() != null && run.nominalTime() != null) {
      return Optional.of(parentFacet(SCHEDULE_JOB_PREFIX + run.schedule(), firingRunId(run)));
    }
    Run parent = record.parent();
    if (parent == null) {
      return Optional.empty();
    }
    return Optional.of(parentFacet(parent.stage(), uuid(parent.id())));
  }

  private OpenLineage.ParentRunFacet parentFacet(String job, UUID runId) {
    return ol.newParentRunFacetBuilder()
        .run(ol.newParentRunFacetRunBuilder().runId(runId).build())
        .job(ol.newParentRunFacetJobBuilder().namespace(namespace).name(job).build())
        .build();
  }

  /** The same for every attempt of one firing: a name-based UUID of schedule and time. */
  static UUID firingRunId(Run run) {
    String firing = run.schedule() + "@" + run.nominalTime().toEpochMilli();
    return UUID.nameUUIDFromBytes(firing.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A raw file read from outside the factory is named as OpenLineage's naming spec names a local
   * file (namespace {@code file}, name its absolute path), so it joins other tools' lineage of the
   * same file; artifacts live in the factory's namespace.
   */
  private String datasetNamespace(ArtifactVersion version) {
    return ArtifactNames.isExternal(version.name()) ? "file" : namespace;
  }

  private static String datasetName(ArtifactVersion version) {
    return ArtifactNames.isExternal(version.name())
        ? ArtifactNames.location(version.name()).toString()
        : version.name();
  }

  private OpenLineage.DatasetFacets datasetFacets(ArtifactVersion version) {
    OpenLineage.DatasetFacetsBuilder facets =
        ol.newDatasetFacetsBuilder()
            .version(ol.newDatasetVersionDatasetFacet(version.contentHash()));
    if (!version.schema().isEmpty()) {
      List<OpenLineage.SchemaDatasetFacetFields> fields =
          version.schema().stream().map(this::field).toList();
      facets.schema(ol.newSchemaDatasetFacetBuilder().fields(fields).build());
    }
    return facets.build();
  }

  private OpenLineage.SchemaDatasetFacetFields field(Column column) {
    return ol.newSchemaDatasetFacetFieldsBuilder().name(column.name()).type(column.type()).build();
  }

  private static Map<String, String> parameters(List<Parameter> parameters) {
    Map<String, String> out = new LinkedHashMap<>();
    parameters.forEach(p -> out.put(p.name(), p.value()));
    return out;
  }

  private static Map<String, Double> metrics(List<Metric> metrics) {
    Map<String, Double> out = new LinkedHashMap<>();
    Metric.last(metrics).forEach((key, m) -> out.put(key, m.value()));
    return out;
  }

  /** Our run ids are UUIDs without their dashes. */
  static UUID uuid(String runId) {
    return UUID.fromString(
        runId.substring(0, 8)
            + "-"
            + runId.substring(8, 12)
            + "-"
            + runId.substring(12, 16)
            + "-"
            + runId.substring(16, 20)
            + "-"
            + runId.substring(20));
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      // Closing only flushes the transport; a failure here must not fail the registry's close.
      System.getLogger(OpenLineageEmitter.class.getName())
          .log(System.Logger.Level.WARNING, "closing the OpenLineage client failed", e);
    }
  }

  /** The run's parameters, secrets already masked. */
  public static final class ParametersRunFacet extends OpenLineage.DefaultRunFacet {
    private final Map<String, String> parameters;

    ParametersRunFacet(Map<String, String> parameters) {
      super(PRODUCER);
      this.parameters = parameters;
    }

    public Map<String, String> getParameters() {
      return parameters;
    }

    @Override
    public URI get_schemaURL() {
      return PARAMETERS_SCHEMA;
    }
  }

  /** The last value of each of the run's metrics. */
  public static final class MetricsRunFacet extends OpenLineage.DefaultRunFacet {
    private final Map<String, Double> metrics;

    MetricsRunFacet(Map<String, Double> metrics) {
      super(PRODUCER);
      this.metrics = metrics;
    }

    public Map<String, Double> getMetrics() {
      return metrics;
    }

    @Override
    public URI get_schemaURL() {
      return METRICS_SCHEMA;
    }
  }
}
