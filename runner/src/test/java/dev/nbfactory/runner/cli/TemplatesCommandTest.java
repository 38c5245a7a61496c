package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code factory templates list|show} and {@code factory new} on the checkout's templates. */
class TemplatesCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> CHECKOUT =
      Map.of("FACTORY_HOME", Path.of("..").toAbsolutePath().normalize().toString());

  @TempDir Path dir;

  private JsonNode cellTagged(JsonNode nb, String tag) {
    for (JsonNode cell : nb.path("cells")) {
      if (cell.path("metadata").path("tags").toString().contains("\"" + tag + "\"")) {
        return cell;
      }
    }
    throw new AssertionError("no cell tagged " + tag);
  }

  private static String source(JsonNode cell) {
    JsonNode s = cell.path("source");
    if (s.isTextual()) {
      return s.asText();
    }
    StringBuilder out = new StringBuilder();
    s.forEach(line -> out.append(line.asText()));
    return out.toString();
  }

  @Test
  void listShowsEveryTemplateWithItsVersionAndWhatItDoes() {
    Cli.Result list = Cli.run(CHECKOUT, dir, "templates", "list");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.outLines())
        .hasSize(7)
        .anyMatch(l -> l.matches("csv-ingest +1\\.0 +CSV ingest with data-quality checks"))
        .anyMatch(l -> l.startsWith("train-classifier "))
        .anyMatch(l -> l.startsWith("train-regressor "))
        .anyMatch(l -> l.startsWith("evaluate-gate "))
        .anyMatch(l -> l.startsWith("batch-scoring "))
        .anyMatch(l -> l.matches("drift-check +1\\.0 +Drift check .*"));

    Cli.Result show = Cli.run(CHECKOUT, dir, "templates", "show", "drift-check");
    assertThat(show.exitCode()).isZero();
    assertThat(show.out())
        .contains("population-stability index")
        .contains("  int bins = 10;")
        .contains("  double failAbove = 0.25;");
  }

  @Test
  void newCopiesTheTemplateWithTheParametersInTheirDeclaredTypesAndRecordsIt() throws Exception {
    Cli.Result made =
        Cli.run(
            CHECKOUT,
            dir,
            "new",
            "stages/07-drift.ipynb",
            "--template",
            "drift-check",
            "-p",
            "bins",
            "5",
            "-p",
            "baseline",
            "2",
            "-p",
            "failAbove",
            "1");
    assertThat(made.exitCode()).as(made.err()).isZero();
    assertThat(made.out()).contains("stage '07-drift'").contains("drift-check 1.0");
    JsonNode nb = JSON.readTree(dir.resolve("stages/07-drift.ipynb").toFile());
    assertThat(source(cellTagged(nb, "parameters")))
        .contains("int bins = 5;")
        .contains("String baseline = \"2\";")
        .contains("double failAbove = 1.0;")
        .contains("String current = \"latest\";");
    assertThat(nb.toString()).contains("%stage 07-drift").doesNotContain("%stage drift-check");
    JsonNode meta = nb.path("metadata").path("factory_template");
    assertThat(meta.path("name").asText()).isEqualTo("drift-check");
    assertThat(meta.path("version").asText()).isEqualTo("1.0");
    assertThat(meta.path("parameters").path("bins").asText()).isEqualTo("5");
    assertThat(nb.path("metadata").path("kernelspec").path("name").asText())
        .isEqualTo("factory-java");

    Cli.Result again =
        Cli.run(CHECKOUT, dir, "new", "stages/07-drift.ipynb", "--template", "drift-check");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("exists; give --force");
  }

  @Test
  void aTeamsFolderReplacesTheCheckoutsAndMistakesAreNamed() throws Exception {
    Path team = Files.createDirectories(dir.resolve("team"));
    Files.copy(Path.of("../templates/csv-ingest.ipynb"), team.resolve("our-ingest.ipynb"));
    Map<String, String> env = Map.of("FACTORY_TEMPLATES", team.toString());
    Cli.Result list = Cli.run(env, dir, "templates", "list");
    assertThat(list.outLines()).hasSize(2);
    assertThat(list.outLines().get(1)).startsWith("our-ingest ");

    Cli.Result unknown = Cli.run(env, dir, "new", "x.ipynb", "--template", "csv-ingest");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("no template named 'csv-ingest'").contains("our-ingest");

    Cli.Result undeclared =
        Cli.run(env, dir, "new", "x.ipynb", "--template", "our-ingest", "-p", "nope", "1");
    assertThat(undeclared.exitCode()).isEqualTo(1);
    assertThat(undeclared.err()).contains("does not declare nope");
    assertThat(dir.resolve("x.ipynb")).doesNotExist();

    // issue 16, item 12: --stage is checked as promote --name is, before anything is written
    for (String stage : List.of("../x", "x\nSystem.out.println(\"INJECTED\");")) {
      Cli.Result bad =
          Cli.run(env, dir, "new", "x.ipynb", "--template", "our-ingest", "--stage", stage);
      assertThat(bad.exitCode()).as(stage).isEqualTo(1);
      assertThat(bad.err()).contains("invalid stage name");
    }
    Cli.Result spaced = Cli.run(env, dir, "new", "my stage.ipynb", "--template", "our-ingest");
    assertThat(spaced.err()).contains("(from the file name): give --stage NAME");
    assertThat(dir.resolve("x.ipynb")).doesNotExist();
    assertThat(dir.resolve("my stage.ipynb")).doesNotExist();

    // item 14: no picocli warning about format specifiers in the help
    Cli.Result help = Cli.run(env, dir, "new", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.err()).isEmpty();
    assertThat(help.out()).contains("its %stage is named");
  }
}
