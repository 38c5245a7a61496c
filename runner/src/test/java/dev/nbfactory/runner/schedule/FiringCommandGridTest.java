package dev.nbfactory.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.magics.schedule.ScheduledGrid;
import dev.nbfactory.registry.ConcurrencyPolicy;
import dev.nbfactory.registry.MisfirePolicy;
import dev.nbfactory.registry.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A firing of a grid schedule runs the pipeline over the grid as one experiment. */
class FiringCommandGridTest {
  @TempDir Path runs;

  @Test
  void aGridSchedulesFiringPassesItsGridItsPinnedFileAndTheMetricToPromoteBy() throws Exception {
    String grid =
        new ScheduledGrid(List.of("train.epochs=10,20"), "- train.seed: 7\n", "accuracy").json();
    Schedule schedule =
        new Schedule(
            "nightly",
            "/work/notebooks",
            "notebooks",
            "ab".repeat(32),
            null,
            "0 0 2 * * ?",
            "UTC",
            null,
            null,
            Map.of(),
            MisfirePolicy.SKIP,
            ConcurrencyPolicy.FORBID,
            0,
            Duration.ZERO,
            null,
            null,
            false,
            null,
            null,
            1,
            null,
            null,
            Map.of("03-train.ipynb", "cd".repeat(32)),
            null,
            grid);
    FiringCommand command = FiringCommand.of(schedule, runs.resolve("pinned"), runs, "f1");
    Path file = runs.resolve("f1-grid.yaml");
    assertThat(command.arguments())
        .containsSubsequence("pipeline", "run")
        .containsSubsequence("--grid", "train.epochs=10,20")
        .containsSubsequence("--grid-file", file.toString())
        .containsSubsequence("--promote-best", "accuracy")
        .containsSubsequence("--experiment", "nightly");
    assertThat(Files.readString(file)).isEqualTo("- train.seed: 7\n");
  }
}
