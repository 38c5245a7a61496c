package dev.nbfactory.magics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.magics.codec.ChartCodec;
import dev.nbfactory.magics.codec.ModelCodec;
import dev.nbfactory.magics.codec.TableCodec;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Column;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.NotFoundException;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.Secrets;
import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class FactorySessionTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  private final List<String> warnings = new ArrayList<>();

  private FactorySession session() {
    return Fixtures.session(temp.get(), null, warnings);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void stageRecordsTheNotebookAndEnvironmentAndContinuesTheSameStage() throws Exception {
    Path notebook = temp.projectDir().resolve("train-churn.ipynb");
    Files.writeString(
        notebook,
        "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"int a = 1;\"], \"outputs\": []}]}");
    FactorySession session = Fixtures.session(temp.get(), notebook, warnings);

    Run run = session.stage("train", "trains the churn model");
    assertThat(session.stage("train")).isEqualTo(run);
    Run stored = temp.get().run(run.id());
    assertThat(stored.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(stored.kind()).isEqualTo(RunKind.INTERACTIVE);
    assertThat(stored.notebookPath()).isEqualTo(notebook.toAbsolutePath().toString());
    // The code's hash: the cell sources, so re-running and saving outputs keeps it.
    assertThat(stored.notebookHash())
        .isEqualTo(sha256("int a = 1;\0".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo(NotebookHash.of(notebook));
    assertThat(stored.classpath()).containsExactly("tech.tablesaw:tablesaw-core:0.44.4");
    assertThat(stored.javaVersion()).contains(System.getProperty("java.version"));
    assertThat(stored.host()).isNotBlank();
    assertThat(stored.user()).isEqualTo(System.getProperty("user.name"));

    Run next = session.stage("evaluate");
    assertThat(next.id()).isNotEqualTo(run.id());
    assertThat(temp.get().run(run.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(temp.get().stages())
        .filteredOn(s -> s.name().equals("train"))
        .singleElement()
        .satisfies(s -> assertThat(s.description()).isEqualTo("trains the churn model"));
  }

  @Test
  void aCallBeforeStageOpensARunNamedAfterTheNotebookOrSaysToCallStage() throws Exception {
    FactorySession session =
        Fixtures.session(temp.get(), temp.projectDir().resolve("Churn Features.ipynb"), warnings);
    session.metric("rows", 3, 0);
    assertThat(session.currentRun()).get().extracting(Run::stage).isEqualTo("Churn-Features");

    assertThatThrownBy(() -> session().metric("rows", 3, 0))
        .isInstanceOf(FactoryException.class)
        .hasMessageContaining("call Factory.stage(\"name\")");
  }

  @Test
  void parametersAreRecordedWithSecretsMasked() {
    FactorySession session = session();
    Run run = session.stage("train");
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("epochs", 10);
    values.put("db_password", "hunter2");
    values.put("endpoint", "https://example.com");
    Map<String, String> stored = session.parameters(values, Set.of("endpoint"));

    assertThat(stored)
        .containsEntry("epochs", "10")
        .containsEntry("db_password", Secrets.MASK)
        .containsEntry("endpoint", Secrets.MASK);
    assertThat(temp.get().parameters(run.id()))
        .extracting(Parameter::name, Parameter::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("epochs", "10"),
            org.assertj.core.groups.Tuple.tuple("db_password", Secrets.MASK),
            org.assertj.core.groups.Tuple.tuple("endpoint", Secrets.MASK));
  }

  @Test
  void aTableRoundTripsWithItsSchemaAndTheEdgesAreRecorded() throws Exception {
    Registry registry = temp.get();
    FactorySession ingest = session();
    Run ingestRun = ingest.stage("ingest");
    Table customers = Fixtures.customers();
    ArtifactVersion v1 = ingest.output("customers", customers);
    ingest.finish();

    assertThat(v1.kind()).isEqualTo(ArtifactKind.DATASET);
    assertThat(v1.mediaType()).isEqualTo("text/csv");
    assertThat(v1.producerRunId()).isEqualTo(ingestRun.id());
    byte[] stored = registry.store().read(v1.contentHash());
    assertThat(sha256(stored)).isEqualTo(v1.contentHash());
    assertThat(v1.size()).isEqualTo(stored.length);
    assertThat(new String(stored, StandardCharsets.UTF_8))
        .startsWith("id,plan,spend\n1,basic,10.5\n");
    assertThat(v1.schema())
        .containsExactly(
            new Column("id", "INTEGER"),
            new Column("plan", "STRING"),
            new Column("spend", "DOUBLE"));

    FactorySession train = session();
    Run trainRun = train.stage("train");
    Table back = train.table("customers@1");
    assertThat(back.name()).isEqualTo("customers");
    assertThat(back.columnNames()).isEqualTo(customers.columnNames());
    assertThat(back.intColumn("id").asList()).isEqualTo(customers.intColumn("id").asList());
    assertThat(back.doubleColumn("spend").asList())
        .isEqualTo(customers.doubleColumn("spend").asList());
    ArtifactVersion report = train.output("summary", "# Customers\n3 rows\n");
    train.finish();

    assertThat(registry.inputs(trainRun.id()))
        .extracting(ArtifactVersion::ref)
        .containsExactly("customers@1");
    Lineage lineage = registry.upstream("summary", 5);
    assertThat(lineage.toString()).contains("customers");
    assertThat(report.kind()).isEqualTo(ArtifactKind.REPORT);
    assertThat(report.mediaType()).isEqualTo("text/markdown");

    // the same bytes again are the same version; the latest is what a bare name reads
    FactorySession again = session();
    again.stage("ingest");
    assertThat(again.output("customers", customers).version()).isEqualTo(1);
    assertThat(again.input("customers")).isInstanceOf(Table.class);
  }

  @Test
  void aClassifierRoundTripsWithEqualProvenanceAndItsEvaluationBecomesMetrics() throws Exception {
    MutableDataset<Label> data = Fixtures.labelled(200);
    Model<Label> model = new LogisticRegressionTrainer().train(data);
    LabelEvaluation evaluation = new LabelEvaluator().evaluate(model, data);

    FactorySession session = session();
    Run run = session.stage("train");
    ArtifactVersion version = session.output("churn-model", model);
    Map<String, Double> metrics = session.metrics(evaluation);

    assertThat(version.kind()).isEqualTo(ArtifactKind.MODEL);
    assertThat(version.mediaType()).isEqualTo(ModelCodec.PROTOBUF);
    assertThat(sha256(temp.get().store().read(version.contentHash())))
        .isEqualTo(version.contentHash());
    assertThat(ModelCodec.provenanceFromMetadata(version.metadata()))
        .isEqualTo(model.getProvenance());

    Model<?> back = session.model("churn-model");
    assertThat(back.getProvenance()).isEqualTo(model.getProvenance());
    @SuppressWarnings("unchecked")
    Model<Label> typed = (Model<Label>) back;
    for (Prediction<Label> p : typed.predict(data)) {
      assertThat(p.getOutput().getLabel())
          .isEqualTo(model.predict(p.getExample()).getOutput().getLabel());
    }

    assertThat(metrics)
        .containsEntry("accuracy", evaluation.accuracy())
        .containsEntry("macroF1", evaluation.macroAveragedF1())
        .containsEntry("microF1", evaluation.microAveragedF1())
        .containsEntry("precision.churn", evaluation.precision(new Label("churn")))
        .containsEntry("recall.stay", evaluation.recall(new Label("stay")));
    assertThat(evaluation.accuracy()).isGreaterThan(0.9);
    assertThat(temp.get().metrics(run.id()))
        .extracting(Metric::key)
        .containsExactlyInAnyOrderElementsOf(metrics.keySet());
  }

  @Test
  void aRegressionEvaluationBecomesRmseMaeAndR2() {
    MutableDataset<Regressor> data = Fixtures.regression(300);
    Model<Regressor> model =
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.5), 20, 1L).train(data);
    var evaluation = new RegressionEvaluator().evaluate(model, data);

    FactorySession session = session();
    session.stage("train-regressor");
    Map<String, Double> metrics = session.metrics(evaluation);

    assertThat(metrics.keySet()).containsExactly("rmse", "mae", "r2");
    assertThat(metrics.get("rmse")).isEqualTo(evaluation.averageRMSE());
    assertThat(metrics.get("r2")).isGreaterThan(0.9);
    ArtifactVersion version = session.output("line-model", model);
    assertThat(ModelCodec.provenanceFromMetadata(version.metadata()))
        .isEqualTo(model.getProvenance());
  }

  @Test
  void aChartIsStoredAsPngWithItsSvgBeside() throws Exception {
    XYChart chart = new XYChartBuilder().width(400).height(300).title("loss").build();
    chart.addSeries("train", new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3});
    FactorySession session = session();
    session.stage("train");
    ArtifactVersion png = session.output("loss-curve", chart);

    assertThat(png.kind()).isEqualTo(ArtifactKind.CHART);
    assertThat(png.mediaType()).isEqualTo(ChartCodec.PNG);
    byte[] bytes = temp.get().store().read(png.contentHash());
    assertThat(bytes).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    assertThat(png.metadata()).contains("\"svg\":\"loss-curve.svg@1\"");
    ArtifactVersion svg = temp.get().resolve("loss-curve.svg");
    assertThat(svg.mediaType()).isEqualTo(ChartCodec.SVG);
    assertThat(new String(temp.get().store().read(svg.contentHash()), StandardCharsets.UTF_8))
        .contains("<svg");
    assertThat(temp.get().outputs(session.currentRun().orElseThrow().id()))
        .extracting(ArtifactVersion::name)
        .containsExactlyInAnyOrder("loss-curve", "loss-curve.svg");
  }

  @Test
  void filesAndHtmlReportsAreStoredAndComeBackAsReadOnlyVerifiedCopies() throws Exception {
    Path file = temp.projectDir().resolve("features.json");
    Files.writeString(file, "{\"features\": [\"x\"]}");
    FactorySession session = session();
    session.stage("features");
    ArtifactVersion json = session.output("feature-list", file);
    ArtifactVersion html = session.output("report", "<h1>Report</h1>");

    assertThat(json.kind()).isEqualTo(ArtifactKind.FILE);
    assertThat(json.mediaType()).isEqualTo("application/json");
    assertThat(html.mediaType()).isEqualTo("text/html");
    Path copy = session.path("feature-list@1");
    assertThat(Files.readString(copy)).isEqualTo("{\"features\": [\"x\"]}");
    // (root may write anyway, so check the permission bits rather than Files.isWritable)
    assertThat(Files.getPosixFilePermissions(copy))
        .doesNotContain(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(session.input("report")).isInstanceOf(Path.class);

    assertThatThrownBy(() -> session.output("bad", new Object()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("give a Tablesaw Table");
    session.close();
    assertThat(copy).doesNotExist();
  }

  @Test
  void errorsNameTheProblemAndTheFix() {
    FactorySession session = session();
    session.stage("train");
    session.output("customers", Fixtures.customers());
    session.output("churn-model", new LogisticRegressionTrainer().train(Fixtures.labelled(50)));

    assertThatThrownBy(() -> session.table("customer"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("'customers'");
    assertThatThrownBy(() -> session.table("customers@7"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("has no version 7");
    assertThatThrownBy(() -> session.table("customers@production"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> session.table("churn-model"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("churn-model is a model, not a dataset: use Factory.model(\"churn-model\")");
    assertThatThrownBy(() -> session.model("customers@1"))
        .hasMessage("customers is a dataset, not a model: use Factory.table(\"customers@1\")");
    assertThat(temp.get().inputs(session.currentRun().orElseThrow().id())).isEmpty();
  }

  @Test
  void aDeclaredTypeIsCheckedAndAWrongKindNamesTheCallToUse() {
    FactorySession session = session();
    session.stage("train");
    session.output("customers", Fixtures.customers());
    session.output("churn-model", new LogisticRegressionTrainer().train(Fixtures.labelled(50)));

    Table table = session.input("customers", Table.class);
    assertThat(table.rowCount()).isEqualTo(Fixtures.customers().rowCount());
    assertThat(session.input("churn-model", Model.class)).isInstanceOf(Model.class);
    assertThat(session.input("customers", Path.class)).exists();
    assertThatThrownBy(() -> session.input("churn-model", Table.class))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("churn-model is a model, not a dataset: use Factory.model(\"churn-model\")");
    assertThatThrownBy(() -> session.input("customers", String.class))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("customers@1 is a dataset that loads as a tech.tablesaw.api.Table,")
        .hasMessageEndingWith("declare the variable as Table, or use Factory.table(\"customers\")");
  }

  @Test
  void theCurrentRunNamesItsIdStageAndParameters() {
    FactorySession session = session();
    session.parameters(Map.of("seed", 42, "api_token", "t"), Set.of());
    Run run = session.stage("features");
    CurrentRun current = session.currentRunInfo();
    assertThat(current.id()).isEqualTo(run.id());
    assertThat(current.shortId()).isEqualTo(run.shortId());
    assertThat(current.stage()).isEqualTo("features");
    assertThat(current.parameters())
        .containsEntry("seed", "42")
        .containsEntry("api_token", Secrets.MASK);
  }

  /** {@code %%params} before {@code %stage}: the parameters belong to the run the stage opens. */
  @Test
  void parametersGivenBeforeAStageIsOpenAreRecordedByTheRunItOpens() {
    FactorySession session = session();
    assertThat(session.parameters(Map.of("seed", 42), Set.of())).containsEntry("seed", "42");
    assertThat(session.currentRun()).isEmpty();
    Run run = session.stage("features");
    assertThat(temp.get().parameters(run.id()))
        .extracting(Parameter::name, Parameter::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("seed", "42"));
  }

  /**
   * A headless runner binds the values the notebook runs with (its injected cell follows the
   * parameters cell); the notebook's own {@code %%params} then keeps them, and may only mask one.
   */
  @Test
  void boundParametersKeepTheRunnersValuesAndAreMaskedWhenTheNotebookMarksThemSecret() {
    FactorySession session = session();
    Run run = session.stage("features");
    session.bindParameters(
        Map.of("seed", "7", "dbUrl", "jdbc:x"), dev.nbfactory.registry.SecretMarks.NONE);
    session.parameters(Map.of("seed", 42L, "dbUrl", "jdbc:x", "extra", 1), Set.of("dbUrl"));
    assertThat(temp.get().parameters(run.id()))
        .extracting(Parameter::name, Parameter::value)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("seed", "7"),
            org.assertj.core.groups.Tuple.tuple("dbUrl", Secrets.MASK),
            org.assertj.core.groups.Tuple.tuple("extra", "1"));
  }

  @Test
  void readingAVersionWithOtherColumnsThanLastTimeWarnsNamingThem() {
    FactorySession ingest = session();
    ingest.stage("ingest");
    ingest.output("customers", Fixtures.customers());
    ingest.finish();

    FactorySession train = session();
    train.stage("train");
    train.table("customers");
    train.finish();
    assertThat(warnings).isEmpty();

    Table changed =
        Table.create(
            "customers",
            IntColumn.create("id", new int[] {1}),
            DoubleColumn.create("plan", new double[] {1.0}),
            IntColumn.create("tenure", new int[] {12}));
    ingest.stage("ingest");
    ingest.output("customers", changed);
    ingest.finish();

    train.stage("train");
    train.table("customers");
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("customers@2", "customers@1", "stage 'train'")
        .contains("added tenure (INTEGER)")
        .contains("removed spend (DOUBLE)")
        .contains("retyped plan (STRING -> DOUBLE)");
  }

  @Test
  void closeFinishesAnOpenRunHonestly() {
    FactorySession clean = session();
    Run ok = clean.stage("a");
    clean.close();
    assertThat(temp.get().run(ok.id()).status()).isEqualTo(RunStatus.SUCCEEDED);

    FactorySession broken = session();
    Run failed = broken.stage("b");
    broken.cellFailed("cell 3: NullPointerException");
    broken.close();
    Run stored = temp.get().run(failed.id());
    assertThat(stored.status()).isEqualTo(RunStatus.FAILED);
    assertThat(stored.error()).isEqualTo("cell 3: NullPointerException");

    FactorySession recovered = session();
    recovered.stage("c");
    recovered.cellFailed("cell 1 failed");
    Run fresh = recovered.finish();
    Run next = recovered.stage("c");
    assertThat(next.id()).isNotEqualTo(fresh.id());
    recovered.close();
    assertThat(temp.get().run(next.id()).status()).isEqualTo(RunStatus.SUCCEEDED);

    FactorySession explicit = session();
    Run killed = explicit.stage("d");
    explicit.close(RunStatus.KILLED, "SIGTERM");
    assertThat(temp.get().run(killed.id()).status()).isEqualTo(RunStatus.KILLED);
  }

  @Test
  void failRecordsTheException() {
    FactorySession session = session();
    session.stage("train");
    Run run = session.fail(new IllegalStateException("no rows"));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(temp.get().run(run.id()).error())
        .startsWith("java.lang.IllegalStateException: no rows");
  }

  @Test
  void theStaticFacadeUsesTheInstalledSession() {
    FactorySession previous = FactorySession.install(session());
    try {
      Run run = Factory.stage("facade");
      ArtifactVersion v =
          Factory.output(
              "numbers", Table.create("n", StringColumn.create("s", new String[] {"a"})));
      assertThat(Factory.table("numbers").stringColumn("s").get(0)).isEqualTo("a");
      Factory.metric("loss", 0.5, 1);
      Factory.parameters(Map.of("api_key", "abc"));
      assertThat(Factory.finish().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(temp.get().record(run.id()).outputs())
          .extracting(ArtifactVersion::ref)
          .containsExactly(v.ref());
      assertThat(temp.get().parameters(run.id()))
          .extracting(Parameter::value)
          .containsExactly(Secrets.MASK);
      assertThat(TableCodec.schema(Fixtures.customers())).hasSize(3);
    } finally {
      FactorySession.install(previous);
    }
  }
}
