package dev.nbfactory.runner.demo;

import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Column;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.OutputSpec;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunEnvironment;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.store.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A small, real factory run headless on the embedded registry: the Breast Cancer Wisconsin data is
 * registered, cleaned with data-quality metrics, and profiled into a Markdown report, each step a
 * recorded run with its parameters, inputs, outputs and metrics. A step whose inputs and parameters
 * equal those of its last successful run is reported up to date and not run again.
 */
public final class DemoFactory {
  public static final String RAW = "breast-cancer-raw";
  public static final String CLEAN = "breast-cancer-clean";
  public static final String PROFILE = "breast-cancer-profile";
  private static final String LABEL = "diagnosis";

  private final Registry registry;
  private String gitCommit;

  public DemoFactory(Registry registry) {
    this.registry = registry;
  }

  /** What one stage did: ran (with its run) or was up to date (with its last run). */
  public record StageOutcome(
      String stage, Run run, boolean upToDate, List<ArtifactVersion> outputs) {}

  /** Registers the source file, then runs the stages in order; returns what each did. */
  public List<StageOutcome> run(Path sourceCsv) {
    if (!Files.isRegularFile(sourceCsv)) {
      throw new FactoryException(
          "the demo data " + sourceCsv + " is missing; run the demo from a full checkout");
    }
    ArtifactVersion raw =
        registry.putOutput(null, RAW, ArtifactKind.DATASET, "text/csv", sourceCsv);
    gitCommit = RunEnvironment.gitCommit(sourceCsv.toAbsolutePath().getParent()).orElse(null);
    List<StageOutcome> outcomes = new ArrayList<>();
    outcomes.add(stage("ingest", Map.of("drop_missing", true), List.of(raw.ref()), this::ingest));
    outcomes.add(stage("profile", Map.of("decimals", 3), List.of(CLEAN), this::profile));
    return outcomes;
  }

  private StageOutcome stage(
      String name,
      Map<String, ?> parameters,
      List<String> inputRefs,
      BiFunction<Run, List<Table>, List<ArtifactVersion>> body) {
    List<ArtifactVersion> inputs = inputRefs.stream().map(registry::resolve).toList();
    Run last = lastSuccess(name);
    if (last != null && sameInputs(last, inputs) && sameParameters(last, parameters)) {
      return new StageOutcome(name, last, true, registry.outputs(last.id()));
    }
    Run run =
        registry.startRun(
            RunStart.builder(name)
                .kind(RunKind.HEADLESS)
                .gitCommit(gitCommit)
                .description("demo " + name + " stage")
                .build());
    try {
      registry.logParameters(run.id(), parameters, Set.of());
      List<Table> tables = new ArrayList<>();
      for (ArtifactVersion input : inputs) {
        registry.logInput(run.id(), input.ref());
        tables.add(readTable(input));
      }
      List<ArtifactVersion> outputs = body.apply(run, tables);
      return new StageOutcome(
          name, registry.finishRun(run.id(), RunStatus.SUCCEEDED, null), false, outputs);
    } catch (RuntimeException e) {
      registry.finishRun(
          run.id(), RunStatus.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
      throw e;
    }
  }

  /** Drops incomplete rows and records what was found, as data-quality metrics. */
  private List<ArtifactVersion> ingest(Run run, List<Table> inputs) {
    Table raw = inputs.get(0);
    int missing = 0;
    for (tech.tablesaw.columns.Column<?> column : raw.columns()) {
      missing += column.countMissing();
    }
    Table clean = raw.dropRowsWithMissingValues();
    StringColumn label = clean.stringColumn(LABEL);
    double malignant = label.isEqualTo("malignant").size() / (double) Math.max(1, clean.rowCount());
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put("rows_in", raw.rowCount());
    metrics.put("rows_out", clean.rowCount());
    metrics.put("columns", clean.columnCount());
    metrics.put("missing_cells", missing);
    metrics.put("malignant_fraction", malignant);
    registry.logMetrics(run.id(), metrics, 0);
    return List.of(writeTable(run, CLEAN, clean));
  }

  /** Column statistics by diagnosis, as a Markdown report. */
  private List<ArtifactVersion> profile(Run run, List<Table> inputs) {
    Table clean = inputs.get(0);
    StringBuilder md = new StringBuilder();
    md.append("# Breast Cancer Wisconsin: profile\n\n")
        .append(clean.rowCount())
        .append(" rows, ")
        .append(clean.columnCount())
        .append(" columns.\n\n| feature | mean | std | min | max |\n|---|---|---|---|---|\n");
    int features = 0;
    for (tech.tablesaw.columns.Column<?> column : clean.columns()) {
      if (column instanceof NumericColumn<?> numbers) {
        features++;
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %.3f | %.3f | %.3f | %.3f |%n",
                column.name(),
                numbers.mean(),
                numbers.standardDeviation(),
                numbers.min(),
                numbers.max()));
      }
    }
    md.append("\nCounts by diagnosis:\n\n").append(clean.xTabCounts(LABEL).printAll()).append('\n');
    registry.logMetrics(run.id(), Map.of("numeric_features", features), 0);
    byte[] bytes = md.toString().getBytes(StandardCharsets.UTF_8);
    StoredObject object = registry.store().put(bytes);
    return List.of(
        registry.logOutput(
            run.id(), OutputSpec.of(PROFILE, ArtifactKind.REPORT, object, "text/markdown")));
  }

  private ArtifactVersion writeTable(Run run, String name, Table table) {
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    table.write().csv(csv);
    StoredObject object = registry.store().put(csv.toByteArray());
    List<Column> schema =
        table.columns().stream().map(c -> new Column(c.name(), c.type().name())).toList();
    return registry.logOutput(
        run.id(), OutputSpec.of(name, ArtifactKind.DATASET, object, "text/csv").withSchema(schema));
  }

  private Table readTable(ArtifactVersion version) {
    try (var in = registry.store().open(version.contentHash())) {
      return Table.read()
          .usingOptions(
              CsvReadOptions.builder(in)
                  .tableName(version.ref())
                  .columnTypesPartial(Map.of(LABEL, ColumnType.STRING)));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + version.ref(), e);
    }
  }

  private Run lastSuccess(String stage) {
    List<Run> runs =
        registry.runs(RunQuery.all().withStage(stage).withStatus(RunStatus.SUCCEEDED).limit(1));
    return runs.isEmpty() ? null : runs.get(0);
  }

  private boolean sameInputs(Run run, List<ArtifactVersion> inputs) {
    return registry.inputs(run.id()).stream()
        .map(ArtifactVersion::id)
        .sorted()
        .toList()
        .equals(inputs.stream().map(ArtifactVersion::id).sorted().toList());
  }

  private boolean sameParameters(Run run, Map<String, ?> parameters) {
    Map<String, String> recorded = new LinkedHashMap<>();
    for (Parameter p : registry.parameters(run.id())) {
      recorded.put(p.name(), p.value());
    }
    Map<String, String> wanted = new LinkedHashMap<>();
    parameters.forEach((k, v) -> wanted.put(k, String.valueOf(v)));
    return recorded.equals(wanted);
  }
}
