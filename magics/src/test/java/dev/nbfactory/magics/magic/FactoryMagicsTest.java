package dev.nbfactory.magics.magic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.Secrets;
import dev.nbfactory.registry.testing.TempRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class FactoryMagicsTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  private final Map<String, Object> variables = new HashMap<>();
  private FactorySession session;
  private Map<String, FactoryMagic> magics;

  @BeforeEach
  void setUp() {
    session = new FactorySession(NotebookContext.builder().registry(temp.get()).build());
    magics = new HashMap<>();
    for (FactoryMagic magic :
        FactoryMagics.all(() -> session, name -> Optional.ofNullable(variables.get(name)))) {
      magics.put(magic.name(), magic);
    }
  }

  private Object line(String name, String... args) throws Exception {
    return magics.get(name).run(List.of(args), null);
  }

  private static String text(Object result) {
    return ((MimeBundle) result).data().get("text/plain");
  }

  private static String html(Object result) {
    return ((MimeBundle) result).data().get("text/html");
  }

  private static Table table() {
    return Table.create(
        "people",
        IntColumn.create("id", new int[] {1, 2}),
        StringColumn.create("name", new String[] {"<b>Ann</b>", "Bo & Co"}));
  }

  @Test
  void allMagicsAreThereOnceWithUsageAndHelp() throws Exception {
    assertThat(magics.keySet())
        .containsExactlyInAnyOrder(
            "stage",
            "params",
            "input",
            "output",
            "metric",
            "finish",
            "runs",
            "diff",
            "compare",
            "registry",
            "lineage",
            "promote",
            "factory");
    assertThat(magics.values())
        .filteredOn(FactoryMagic::isCell)
        .extracting(FactoryMagic::name)
        .containsExactly("params");
    Object help = line("factory", "help");
    for (FactoryMagic magic : magics.values()) {
      assertThat(text(help)).contains(magic.usage(), magic.help());
    }
    assertThat(html(line("factory"))).contains("<table");
    assertThatThrownBy(() -> line("factory", "hepl"))
        .hasMessage("%factory: unknown subcommand 'hepl'; usage: %factory help");
  }

  @Test
  void stageOpensThenContinuesAndRejectsUnknownOptions() throws Exception {
    assertThat(text(line("stage", "train", "--description", "trains it")))
        .startsWith("started run ");
    assertThat(text(line("stage", "train"))).startsWith("continuing run ");
    assertThat(temp.get().stages())
        .singleElement()
        .satisfies(s -> assertThat(s.description()).isEqualTo("trains it"));
    assertThatThrownBy(() -> line("stage", "train", "--desc", "x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("%stage: unknown option --desc; usage: %stage NAME [--description TEXT]");
    assertThatThrownBy(() -> line("stage")).hasMessageContaining("missing argument");
    assertThatThrownBy(() -> line("stage", "../x")).hasMessageContaining("invalid stage name");
  }

  @Test
  void paramsRecordsTheLiteralsMasksSecretsAndHandsTheSourceToTheKernel() throws Exception {
    line("stage", "train");
    String body =
        "int epochs = 10;\nString algo = \"sgd\";\nString dbToken = \"s3cr3t\";\nString user = \"ann\";\n";
    Object result = magics.get("params").run(List.of("--secret", "user"), body);

    assertThat(result).isInstanceOf(ParamsCell.class);
    ParamsCell cell = (ParamsCell) result;
    assertThat(cell.javaSource()).isEqualTo(body);
    assertThat(cell.values()).containsEntry("epochs", 10).containsEntry("algo", "sgd");
    assertThat(cell.recorded())
        .containsEntry("dbToken", Secrets.MASK)
        .containsEntry("user", Secrets.MASK);
    Run run = session.currentRun().orElseThrow();
    assertThat(temp.get().parameters(run.id()))
        .extracting(Parameter::name, Parameter::value)
        .contains(
            org.assertj.core.groups.Tuple.tuple("epochs", "10"),
            org.assertj.core.groups.Tuple.tuple("algo", "sgd"),
            org.assertj.core.groups.Tuple.tuple("dbToken", Secrets.MASK));
    assertThat(temp.get().parameters(run.id()))
        .extracting(Parameter::value)
        .doesNotContain("s3cr3t", "ann");
  }

  @Test
  void outputReadsTheVariableAndInputBindsItBack() throws Exception {
    line("stage", "ingest");
    variables.put("people", table());
    assertThat(text(line("output", "people", "as", "people-clean")))
        .startsWith("stored people-clean@1 (dataset, ");
    assertThatThrownBy(() -> line("output", "nobody", "as", "x"))
        .hasMessageContaining("no variable 'nobody'");
    assertThatThrownBy(() -> line("output", "people", "to", "x"))
        .hasMessageContaining("expected VAR as NAME");
    line("finish");

    line("stage", "train");
    Object bound = line("input", "people-clean@1", "as", "df");
    assertThat(bound).isInstanceOf(Binding.class);
    Binding binding = (Binding) bound;
    assertThat(binding.variable()).isEqualTo("df");
    assertThat(binding.javaType()).isEqualTo("tech.tablesaw.api.Table");
    assertThat(binding.ref()).isEqualTo("people-clean@1");
    assertThat(binding.javaSource())
        .isEqualTo(
            "tech.tablesaw.api.Table df = (tech.tablesaw.api.Table)"
                + " dev.nbfactory.magics.magic.Binding.take(\"df\");");
    Table value = (Table) Binding.take("df");
    assertThat(value.stringColumn("name").asList()).containsExactly("<b>Ann</b>", "Bo & Co");
    assertThatThrownBy(() -> Binding.take("df")).isInstanceOf(IllegalStateException.class);

    assertThat(line("input", "people-clean")).isInstanceOf(Table.class);
    assertThatThrownBy(() -> line("input", "people-clean", "as", "class"))
        .hasMessageContaining("not a Java variable name");
    assertThatThrownBy(() -> line("input", "people-clea"))
        .hasMessageContaining("did you mean 'people-clean'");
    assertThat(temp.get().inputs(session.currentRun().orElseThrow().id()))
        .extracting(ArtifactVersion::ref)
        .containsExactly("people-clean@1");
  }

  @Test
  void metricAndFinish() throws Exception {
    line("stage", "train");
    assertThat(line("metric", "loss", "0.25", "3")).isNull();
    line("metric", "accuracy", "0.9");
    assertThatThrownBy(() -> line("metric", "loss", "low"))
        .hasMessageContaining("VALUE must be a number");
    Run run = session.currentRun().orElseThrow();
    assertThat(text(line("finish"))).endsWith("SUCCEEDED");
    assertThat(temp.get().metrics(run.id()))
        .extracting(Metric::key, Metric::value, Metric::step)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("loss", 0.25, 3L),
            org.assertj.core.groups.Tuple.tuple("accuracy", 0.9, 0L));
    assertThat(temp.get().run(run.id()).status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThatThrownBy(() -> line("finish")).hasMessageContaining("no run is open");
  }

  @Test
  void runsShowsAnEscapedTableNewestFirst() throws Exception {
    line("stage", "train");
    session.parameters(Map.of("algo", "<script>alert(1)</script>"), List.of());
    line("metric", "loss", "0.5", "1");
    line("metric", "loss", "0.25", "2");
    Run first = session.finish();
    line("stage", "evaluate");
    Run second = session.finish();

    Object all = line("runs");
    assertThat(html(all))
        .contains("<th>id</th><th>stage</th><th>status</th><th>start</th><th>duration</th>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>")
        .contains("loss=0.2500");
    assertThat(html(all).indexOf(second.shortId())).isLessThan(html(all).indexOf(first.shortId()));
    assertThat(text(line("runs", "train", "--last", "1")))
        .contains(first.shortId())
        .doesNotContain(second.shortId());
    assertThat(text(line("runs", "nothing"))).isEqualTo("no runs of stage 'nothing'");
    assertThatThrownBy(() -> line("runs", "--last", "x")).hasMessageContaining("whole number");
  }

  @Test
  void runsPlotsAMetricAcrossAStagesRunsAsAnImage() throws Exception {
    line("stage", "train");
    line("metric", "accuracy", "0.8");
    session.finish();
    line("stage", "train");
    line("metric", "accuracy", "0.9");
    session.fail("diverged");
    Object plot = line("runs", "train", "--plot", "accuracy");
    assertThat(text(plot)).isEqualTo("accuracy of stage train across 2 runs");
    String html = html(plot);
    assertThat(html).startsWith("<img alt=\"accuracy of stage train across 2 runs\"");
    String base64 = html.substring(html.indexOf("base64,") + 7, html.lastIndexOf('"'));
    byte[] png = java.util.Base64.getDecoder().decode(base64);
    assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth())
        .isEqualTo(720);
    assertThatThrownBy(() -> line("runs", "--plot", "accuracy"))
        .hasMessageContaining("--plot needs a STAGE");
    assertThatThrownBy(() -> line("runs", "train", "--plot", "f1"))
        .hasMessageContaining("no run of stage 'train' recorded metric 'f1'");
  }

  @Test
  void diffShowsWhatDiffers() throws Exception {
    line("stage", "train");
    session.parameters(Map.of("epochs", 5), List.of());
    Run left = session.finish();
    line("stage", "train");
    session.parameters(Map.of("epochs", 10), List.of());
    Run right = session.finish();

    Object diff = line("diff", left.id(), right.shortId());
    assertThat(html(diff)).contains("<h4>parameters</h4>", "<td>epochs</td><td>5</td><td>10</td>");
    assertThat(text(diff)).contains("epochs", "5", "10");
    assertThat(text(line("diff", left.id(), left.id()))).contains("no differences");
  }

  @Test
  void compareShowsRunsSideBySideWithTheirChart() throws Exception {
    List<Run> runs = new java.util.ArrayList<>();
    for (int epochs : new int[] {5, 10, 20}) {
      line("stage", "train");
      session.parameters(Map.of("epochs", epochs, "seed", 1), List.of());
      session
          .registry()
          .logMetric(session.currentRun().orElseThrow().id(), "accuracy", epochs / 25.0, 0);
      runs.add(session.finish());
    }
    Object compare = line("compare", runs.get(0).id(), runs.get(1).shortId(), runs.get(2).id());
    assertThat(html(compare))
        .contains("<th>epochs</th>", ">5</td>", ">20</td>", "<th>metric accuracy</th>", ">0.8</td>")
        .contains("background:#fef9c3", "<svg class=\"parallel\"")
        .doesNotContain("<th>seed</th>");
    assertThat(text(compare)).contains("epochs", "10");
    assertThat(html(line("compare", runs.get(0).id(), runs.get(1).id(), "--all")))
        .contains("<th>seed</th>");
    assertThatThrownBy(() -> line("compare", runs.get(0).id()))
        .hasMessageContaining("%compare RUN RUN");
  }

  @Test
  void registryShowsLocationKindAndCounts() throws Exception {
    line("stage", "train");
    Object shown = line("registry");
    assertThat(text(shown))
        .contains(temp.get().location().display())
        .contains(temp.isPostgres() ? "PostgreSQL" : "SQLite")
        .containsPattern("runs\\s+1");
    assertThatThrownBy(() -> line("registry", "extra")).hasMessageContaining("unexpected argument");
  }
}
