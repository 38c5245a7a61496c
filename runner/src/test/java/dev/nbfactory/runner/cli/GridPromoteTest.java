package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.magics.schedule.ScheduledGrid;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code factory promote DIR --grid ...}: a nightly sweep is one promotion. */
class GridPromoteTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  @TempDir Path elsewhere;

  private Path pipeline() throws Exception {
    Path dir = Files.createDirectories(elsewhere.resolve("factory"));
    Files.writeString(
        dir.resolve("train.ipynb"),
        "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {\"tags\": [\"parameters\"]},"
            + " \"outputs\": [], \"execution_count\": null, \"source\": \"int epochs = 1;\"}],"
            + " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
    return dir;
  }

  @Test
  void aFolderIsPromotedWithItsGridItsPinnedGridFileAndTheMetricToPromoteBy() throws Exception {
    Path dir = pipeline();
    Path file = Files.writeString(elsewhere.resolve("grid.yaml"), "- train.seed: 7\n");
    Cli.Result result =
        Cli.in(
            temp,
            "promote",
            dir.toString(),
            "--cron",
            "0 2 * * *",
            "--name",
            "nightly",
            "--grid",
            "train.epochs=10,20",
            "--grid-file",
            file.toString(),
            "--promote-best",
            "accuracy");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains(
            "grid: train.epochs=10,20; combinations of the pinned --grid-file; the best in"
                + " accuracy through the gate, each firing one experiment named nightly");
    Files.writeString(file, "- train.seed: 8\n"); // later edits change nothing
    Schedule schedule = temp.get().schedules().get("nightly");
    ScheduledGrid grid = ScheduledGrid.parse(schedule.grid());
    assertThat(grid.grid()).containsExactly("train.epochs=10,20");
    assertThat(grid.gridFileText()).isEqualTo("- train.seed: 7\n");
    assertThat(grid.promoteBest()).isEqualTo("accuracy");
  }

  @Test
  void aGridThatCannotRunIsRefusedAtPromotionNamingTheProblem() throws Exception {
    Path dir = pipeline();
    List<String[]> bad =
        List.of(
            new String[] {"--grid", "report.x=1,2"},
            new String[] {"--grid", "train.epochs"},
            new String[] {"--promote-best", "accuracy"});
    List<String> messages =
        List.of(
            "no stage 'report' in this pipeline",
            "give STAGE.NAME=V1,V2",
            "--promote-best picks the best member of a grid");
    for (int i = 0; i < bad.size(); i++) {
      String[] args = new String[4 + bad.get(i).length];
      args[0] = "promote";
      args[1] = dir.toString();
      args[2] = "--cron";
      args[3] = "@daily";
      System.arraycopy(bad.get(i), 0, args, 4, bad.get(i).length);
      Cli.Result result = Cli.in(temp, args);
      assertThat(result.exitCode()).as(result.out()).isIn(1, 2);
      assertThat(result.err()).contains(messages.get(i));
    }
    Path notebook = dir.resolve("train.ipynb");
    Cli.Result one =
        Cli.in(temp, "promote", notebook.toString(), "--cron", "@daily", "--grid", "train.e=1,2");
    assertThat(one.err()).contains("promote the pipeline's folder, not one notebook");
    assertThat(temp.get().schedules().list()).isEmpty();
  }
}
