package dev.nbfactory.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunRecord;
import dev.nbfactory.registry.RunStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's end-to-end check: a notebook that is a factory stage, executed by Jupyter's nbconvert
 * with this kernel; then the registry holds the run, its parameters, inputs and outputs with the
 * stored bytes' hashes, its metrics and the lineage, and the notebook shows the magics' output.
 */
class FactoryNotebookIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path jupyterPath;
  @TempDir Path work;

  static final List<String> CELLS =
      List.of(
          "%stage train --description \"trains the classifier\"",
          "%%params --secret api_token --not-secret maxTokens\nint epochs = 3;\n"
              + "String algorithm = \"logistic\";\nString api_token = \"hunter2\";\n"
              + "int maxTokens = 64;",
          "import tech.tablesaw.api.*;\n"
              + "Table t = Table.create(\"numbers\", IntColumn.indexColumn(\"x\", 10, 0),"
              + " StringColumn.create(\"s\", \"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\","
              + " \"i\", \"j\"));",
          "%output t as numbers",
          "%input numbers as back\nback.rowCount()",
          "import org.tribuo.*;\nimport org.tribuo.classification.*;\n"
              + "import org.tribuo.classification.evaluation.*;\n"
              + "import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;\n"
              + "import org.tribuo.impl.ArrayExample;\n"
              + "import org.tribuo.provenance.SimpleDataSourceProvenance;\n"
              + "var labels = new LabelFactory();\n"
              + "var data = new MutableDataset<Label>(new SimpleDataSourceProvenance(\"numbers\","
              + " labels), labels);\n"
              + "var random = new java.util.Random(7);\n"
              + "for (int i = 0; i < 200; i++) { double x = random.nextGaussian();"
              + " data.add(new ArrayExample<>(new Label(x > 0 ? \"pos\" : \"neg\"),"
              + " new String[] {\"x\", \"y\"}, new double[] {x, random.nextGaussian()})); }\n"
              + "Model<Label> model = new LogisticRegressionTrainer().train(data);\n"
              + "var evaluation = new LabelEvaluator().evaluate(model, data);\n"
              + "Factory.metrics(evaluation);\n"
              + "Factory.output(\"classifier\", model);\n"
              + "evaluation",
          "import org.knowm.xchart.*;\n"
              + "var chart = new XYChartBuilder().width(400).height(300).title(\"loss\").build();\n"
              + "chart.addSeries(\"loss\", new double[] {1, 2, 3}, new double[] {0.9, 0.5, 0.3});\n"
              + "Factory.output(\"loss-curve\", chart);\nchart",
          "%metric epochs_run 3",
          "%lineage classifier",
          "%runs train",
          "%registry",
          "%finish");

  @Test
  void aStageNotebookRunByNbconvertIsRecordedInTheRegistry() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    Path notebook = notebook("train.ipynb", CELLS, -1);
    Path registryDir = work.resolve(".factory");
    nbconvertExecute(notebook, "executed.ipynb", registryDir);

    JsonNode executed = JSON.readTree(work.resolve("executed.ipynb").toFile());
    JsonNode out = executed.path("cells");
    assertThat(out.get(0).path("outputs").toString()).contains("stage 'train'");
    assertThat(out.get(4).path("outputs").get(0).path("data").path("text/plain").toString())
        .contains("\"10\"");
    assertThat(data(out.get(5), "text/html")).as(out.get(5).toString()).contains("accuracy");
    assertThat(data(out.get(6), "image/png")).as(out.get(6).toString()).isNotEmpty();
    assertThat(data(out.get(8), "image/svg+xml")).startsWith("<svg").contains("classifier");
    assertThat(data(out.get(9), "text/html")).contains("<table");
    assertThat(executed.toString()).doesNotContain("hunter2\\\"\"").doesNotContain("Exception");

    try (Registry registry = Registry.open(registryDir.toString())) {
      var runs = registry.runs(RunQuery.all().withStage("train"));
      assertThat(runs).hasSize(1);
      RunRecord record = registry.record(runs.get(0).id());
      assertThat(record.run().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(record.run().kind()).isEqualTo(RunKind.INTERACTIVE);
      Map<String, String> params =
          record.parameters().stream()
              .collect(Collectors.toMap(x -> x.name(), x -> String.valueOf(x.value())));
      assertThat(params)
          .containsEntry("epochs", "3")
          .containsEntry("algorithm", "logistic")
          .containsEntry("api_token", "********")
          .containsEntry("maxTokens", "64");
      assertThat(record.inputs()).extracting(ArtifactVersion::ref).containsExactly("numbers@1");
      assertThat(record.outputs())
          .extracting(ArtifactVersion::name)
          .containsExactlyInAnyOrder("numbers", "classifier", "loss-curve", "loss-curve.svg");
      for (ArtifactVersion v : record.outputs()) {
        byte[] bytes = registry.store().read(v.contentHash());
        assertThat(sha256(bytes)).as(v.ref()).isEqualTo(v.contentHash());
      }
      ArtifactVersion model =
          record.outputs().stream().filter(v -> v.kind() == ArtifactKind.MODEL).findFirst().get();
      assertThat(model.metadata()).contains("provenance");
      assertThat(record.metrics())
          .extracting(m -> m.key())
          .contains("accuracy", "macroF1", "microF1", "precision.pos", "recall.neg", "epochs_run");
      Lineage lineage = registry.upstream("classifier", 5);
      assertThat(lineage.runs()).extracting(r -> r.id()).contains(record.run().id());
      Lineage down = registry.downstream("numbers@1", 5);
      assertThat(down.runs()).extracting(r -> r.id()).contains(record.run().id());
    }
    assertThat(Files.readString(notebook, StandardCharsets.UTF_8))
        .doesNotContain("\"outputs\": [{");

    // The lineage graph survives nbconvert's HTML export (which strips image/svg+xml outputs to
    // their text) as Chromium parses the page: the drawing's nodes and their outlines are there.
    Process html =
        new ProcessBuilder("jupyter", "nbconvert", "--to", "html", "executed.ipynb")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("html.log").toFile())
            .start();
    assertThat(html.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(html.exitValue()).as(Files.readString(work.resolve("html.log"))).isZero();
    Process chromium =
        new ProcessBuilder(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--dump-dom",
                work.resolve("executed.html").toUri().toString())
            .redirectError(work.resolve("chromium.log").toFile())
            .start();
    String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(dom)
        .containsPattern("<svg[^>]*class=\"nbf-lineage\"")
        .containsPattern("<g class=\"node version model root\"[^>]*data-ref=\"classifier@1\"")
        .containsPattern("<g class=\"node run succeeded\"|<g class=\"node run running\"");
  }

  /**
   * Under nbconvert: a plain cell tagged {@code parameters} before {@code %stage} is recorded with
   * the values it ran with; inputs are typed by the declaration ({@code Table t =
   * Factory.input(...)}, {@code Model<Label> m = ...}); a cell of on-demand imports after {@code
   * Table train = ...} leaves {@code train} as it was.
   */
  @Test
  void parametersTypedInputsAndLaterImportsUnderNbconvert() throws Exception {
    PythonClientTests.installSpec(jupyterPath);
    List<String> cells =
        List.of(
            "import tech.tablesaw.api.*;",
            "int rows = 4;\ndouble rate = 0.5;",
            "%stage typed",
            "Table train = Table.create(\"t\", IntColumn.indexColumn(\"x\", rows, 0));\n"
                + "Factory.output(\"t\", train);",
            "import org.tribuo.*;\nimport org.tribuo.classification.*;\n"
                + "import org.tribuo.classification.sgd.linear.*;\nimport org.tribuo.impl.*;\n"
                + "import org.tribuo.provenance.*;\n"
                + "var labels = new LabelFactory();\n"
                + "var data = new MutableDataset<Label>(new SimpleDataSourceProvenance(\"d\","
                + " labels), labels);\n"
                + "for (int i = 0; i < 20; i++) data.add(new ArrayExample<>(new Label(i % 2 == 0 ?"
                + " \"a\" : \"b\"), new String[] {\"x\"}, new double[] {i % 2}));\n"
                + "Model<Label> trained = new LogisticRegressionTrainer().train(data);\n"
                + "Factory.output(\"m\", trained);\n"
                + "Factory.registry().setAlias(\"m@1\", \"production\", \"test\");",
            "Table back = Factory.input(\"t\");\n"
                + "Model<Label> m = Factory.input(\"m@production\");\n"
                + "train.rowCount() + back.rowCount() + \" \" + m.getOutputIDInfo().size()");
    Path notebook = notebook("typed.ipynb", cells, 1);
    Path registryDir = work.resolve(".factory");
    nbconvertExecute(notebook, "typed-out.ipynb", registryDir);

    JsonNode out = JSON.readTree(work.resolve("typed-out.ipynb").toFile()).path("cells");
    assertThat(data(out.get(5), "text/plain")).isEqualTo("8 2");
    try (Registry registry = Registry.open(registryDir.toString())) {
      RunRecord record =
          registry.record(registry.runs(RunQuery.all().withStage("typed")).get(0).id());
      assertThat(record.parameters())
          .extracting(x -> x.name() + "=" + x.value())
          .containsExactlyInAnyOrder("rows=4", "rate=0.5");
      assertThat(record.inputs()).extracting(ArtifactVersion::ref).contains("t@1", "m@1");
    }
  }

  /** A notebook of code cells for our kernel; the cell at {@code parametersCell} is so tagged. */
  private Path notebook(String file, List<String> cells, int parametersCell) throws Exception {
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"cell_type\": \"code\", \"id\": \"c")
          .append(i)
          .append("\", \"metadata\": {")
          .append(i == parametersCell ? "\"tags\": [\"parameters\"]" : "")
          .append("}, \"execution_count\": null, \"outputs\": [], \"source\": ")
          .append(JSON.writeValueAsString(cells.get(i)))
          .append("}");
    }
    Path notebook = work.resolve(file);
    Files.writeString(
        notebook,
        "{\"cells\": ["
            + json
            + "], \"metadata\": {\"kernelspec\": {\"name\": \"factory-java\", \"display_name\":"
            + " \"Java (Factory)\", \"language\": \"java\"}}, \"nbformat\": 4, \"nbformat_minor\":"
            + " 5}");
    return notebook;
  }

  /** Executes the notebook with {@code jupyter nbconvert --execute}, recording in the registry. */
  private void nbconvertExecute(Path notebook, String output, Path registryDir) throws Exception {
    Path log = work.resolve(output + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=300",
                "--output",
                output,
                notebook.toString())
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
    pb.environment().put("JUPYTER_RUNTIME_DIR", jupyterPath.resolve("runtime").toString());
    pb.environment().put("FACTORY_REGISTRY", registryDir.toString());
    pb.environment().put("FACTORY_HISTORY", "off");
    Process p = pb.start();
    assertThat(p.waitFor(400, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
  }

  /** The first output of a cell carrying {@code mime}, as text ("" if none). */
  private static String data(JsonNode cell, String mime) {
    for (JsonNode output : cell.path("outputs")) {
      JsonNode d = output.path("data").path(mime);
      if (!d.isMissingNode()) {
        if (d.isArray()) {
          StringBuilder s = new StringBuilder();
          d.forEach(line -> s.append(line.asText()));
          return s.toString();
        }
        return d.asText();
      }
    }
    return "";
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
