package dev.nbfactory.kernel.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.nbfactory.kernel.KernelSettings;
import dev.nbfactory.kernel.wire.WireMessage;
import dev.nbfactory.registry.RunKind;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a stage notebook's cells get from the Java (Factory) kernel, run in this JVM as the headless
 * runner runs it: the default imports (the stage helpers, Tablesaw, Tribuo), helpers' results shown
 * as tables, and quiet training cells: library log records below WARNING stay out of the cell
 * unless {@code %log} asks for them.
 */
class StageCellsIT {
  private static final PrintStream OUT = System.out;
  private static final PrintStream ERR = System.err;
  private static final InputStream IN = System.in;

  private static EmbeddedKernel kernel;

  @BeforeAll
  static void start() throws Exception {
    kernel =
        EmbeddedKernel.start(
            KernelSettings.defaults().withMode(RunKind.HEADLESS), Duration.ofMinutes(2));
  }

  @AfterAll
  static void stop() {
    if (kernel != null) {
      kernel.close();
    }
    // The kernel routed the JVM's standard streams to its cells.
    System.setOut(OUT);
    System.setErr(ERR);
    System.setIn(IN);
  }

  /** A cell's reply and everything it published. */
  record Cell(EmbeddedKernel.Reply reply, List<WireMessage> outputs) {
    String stream(String name) {
      StringBuilder text = new StringBuilder();
      for (WireMessage m : outputs) {
        if (m.type().equals("stream") && m.string("name", "").equals(name)) {
          text.append(m.string("text", ""));
        }
      }
      return text.toString();
    }

    String data(String mime) {
      for (WireMessage m : outputs) {
        if (m.type().equals("execute_result") || m.type().equals("display_data")) {
          JsonObject data = m.content().getAsJsonObject("data");
          if (data.has(mime)) {
            return data.get(mime).getAsString();
          }
        }
      }
      return "";
    }

    Cell assertOk() {
      assertThat(reply.ok()).as("%s", outputs.stream().map(WireMessage::content).toList()).isTrue();
      return this;
    }
  }

  private static Cell run(String code) {
    List<WireMessage> outputs = new ArrayList<>();
    EmbeddedKernel.Reply reply = kernel.execute(code, outputs::add, () -> {});
    return new Cell(reply, outputs);
  }

  private static final String DATA =
      String.join(
          "\n",
          "var random = new Random(7);",
          "var factory = new LabelFactory();",
          "var data = new MutableDataset<Label>(",
          "    new org.tribuo.provenance.SimpleDataSourceProvenance(\"blobs\", factory), factory);",
          "for (int i = 0; i < 120; i++) {",
          "  double x = random.nextGaussian(), y = random.nextGaussian();",
          "  String label = i % 3 == 0 ? \"class_0\" : i % 3 == 1 ? \"class_2\" : \"class_1\";",
          "  double shift = label.equals(\"class_0\") ? 0 : label.equals(\"class_2\") ? 8 : 4;",
          "  data.add(new org.tribuo.impl.ArrayExample<>(new Label(label),",
          "      new String[] {\"x\", \"y\"}, new double[] {x + shift, y - shift}));",
          "}");

  private static final String TRAIN =
      "Model<Label> model ="
          + " new org.tribuo.classification.sgd.linear.LogisticRegressionTrainer().train(data);";

  @Test
  void typicalCellsNeedNoImports() {
    Cell cell =
        run(String.join(
                "\n",
                "Table t = Table.create(\"points\", IntColumn.indexColumn(\"id\", 20, 0),",
                "    StringColumn.create(\"label\", Collections.nCopies(20, \"a\")));",
                "Split split = Split.random(t, 0.25, 42);",
                "List<String> names = new ArrayList<>(t.columnNames());",
                "Model<Label> none = null;",
                "LabelEvaluator evaluator = new LabelEvaluator();",
                "RegressionEvaluator regressions = new RegressionEvaluator();",
                "Regressor target = new Regressor(\"y\", 1.0);",
                "split.test().rowCount() + \" \" + names"))
            .assertOk();
    assertThat(cell.data("text/plain")).contains("5 [id, label]");
  }

  @Test
  void aHelpersResultShowsAsATable() {
    Cell cell =
        run(String.join(
                "\n",
                "Table before = Table.create(\"m\", DoubleColumn.create(\"x\", 1, 2, 3, 4, 5, 6));",
                "Table after = Table.create(\"m\", DoubleColumn.create(\"x\", 4, 5, 6, 7, 8, 9));",
                "Drift.between(before, after, 2)"))
            .assertOk();
    assertThat(cell.data("text/html")).contains("<table class=\"factory\">").contains("<td>x</td>");
    assertThat(cell.data("text/plain")).startsWith("Drift of 'm' from 'm': 1 columns");
  }

  @Test
  void trainingCellsShowWarningsButNotTribuosProgressUnlessAsked() {
    run(DATA).assertOk();
    Cell quiet =
        run(TRAIN + "\njava.util.logging.Logger.getLogger(\"x\").warning(\"a real warning\");");
    quiet.assertOk();
    assertThat(quiet.stream("stderr"))
        .doesNotContain("INFO")
        .doesNotContain("Training SGD model")
        .contains("WARNING: a real warning");

    Cell set = run("%log org.tribuo INFO").assertOk();
    assertThat(set.stream("stdout")).contains("org.tribuo: INFO and above show in cells");
    Cell loud = run(TRAIN).assertOk();
    assertThat(loud.stream("stderr")).contains("INFO: Training SGD model with 120 examples");

    run("%log org.tribuo default").assertOk();
    assertThat(run(TRAIN).assertOk().stream("stderr")).doesNotContain("Training SGD model");
    assertThat(run("%lsmagic").stream("stdout")).contains("%log");
  }

  @Test
  void evaluationsListLabelsInSortedOrder() {
    run(DATA).assertOk();
    run(TRAIN).assertOk();
    Cell cell = run("new LabelEvaluator().evaluate(model, data)").assertOk();
    String html = cell.data("text/html");
    int zero = html.indexOf("<th>class_0</th>");
    int one = html.indexOf("<th>class_1</th>");
    int two = html.indexOf("<th>class_2</th>");
    assertThat(zero).isPositive().isLessThan(one);
    assertThat(one).isLessThan(two);
  }
}
