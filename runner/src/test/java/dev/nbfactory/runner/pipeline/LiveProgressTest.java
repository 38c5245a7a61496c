package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.runner.pipeline.StageResult.State;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveProgressTest {
  private static StageNotebook stage(String name) {
    return new StageNotebook(
        Path.of(name + ".ipynb"), name, Set.of(), Set.of(), Set.of(), Set.of());
  }

  /** The rows of the last frame: what the screen shows once the run is over. */
  private static List<String> lastFrame(String output, int rows) {
    String frame = output.substring(output.lastIndexOf("\033[" + rows + "A") + 4);
    return frame.replace("\r\033[K", "").lines().toList();
  }

  @Test
  void eachStageKeepsOneRowRedrawnInPlaceFromWaitingToHowItEnded() {
    StringWriter out = new StringWriter();
    Map<String, String> cells =
        Map.of("train", "2/5 cells | Model<Label> model = trainer.train(data);");
    try (LiveProgress live =
        new LiveProgress(
            new PrintWriter(out),
            List.of("ingest", "train", "report"),
            s -> Optional.ofNullable(cells.get(s)),
            100)) {
      live.started(stage("ingest"));
      live.finished(new StageResult("ingest", State.SKIPPED, "same inputs", 0));
      live.started(stage("train"));
      List<String> running = lastFrame(out.toString(), 3);
      assertThat(running).hasSize(3);
      assertThat(running.get(0)).isEqualTo("  = ingest up to date (same inputs)");
      assertThat(running.get(2)).isEqualTo("  · report  waiting");
      assertThat(running.get(1))
          .startsWith("  ▶ train ")
          .endsWith(" s  2/5 cells | Model<Label> model = trainer.train(data);");
      live.finished(new StageResult("train", State.FAILED, "exit code 1", 1.5));
      live.finished(new StageResult("report", State.BLOCKED, "not run: 'train' failed", 0));
    }
    assertThat(out.toString()).startsWith("\r\033[K  · ingest  waiting\n");
    assertThat(lastFrame(out.toString(), 3))
        .containsExactly(
            "  = ingest up to date (same inputs)",
            "  ✗ train failed: exit code 1",
            "  - report not run: 'train' failed");
  }

  @Test
  void rowsAreCutToTheTerminalWidthSoTheBlockNeverWraps() {
    StringWriter out = new StringWriter();
    try (LiveProgress live =
        new LiveProgress(
            new PrintWriter(out), List.of("a"), s -> Optional.of("x".repeat(200)), 40)) {
      live.started(stage("a"));
    }
    String rows = out.toString().replace("\r\033[K", "").replaceAll("\033\\[\\d+A", "");
    assertThat(rows).contains("  ▶ a ");
    assertThat(rows.lines()).allSatisfy(row -> assertThat(row.length()).isLessThan(40));
  }
}
