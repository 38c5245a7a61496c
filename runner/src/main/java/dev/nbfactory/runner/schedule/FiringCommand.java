package dev.nbfactory.runner.schedule;

import dev.nbfactory.magics.schedule.ScheduledGrid;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.runner.params.ChildParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one attempt of a firing starts: {@code factory run} on a pinned notebook, or, for a pipeline
 * schedule, {@code factory pipeline run} on the pinned folder (up-to-date stages skipped as that
 * command skips them; from {@code --from}'s stage, every selected stage runs).
 *
 * @param arguments the {@code factory} arguments after the main class
 * @param environment what the parameters add to the child's environment (secret references)
 * @param output the output notebook, or for a pipeline the folder of its stages' notebooks and logs
 */
record FiringCommand(List<String> arguments, Map<String, String> environment, Path output) {

  /**
   * The command of an attempt of {@code schedule}, its output named {@code stem} in {@code runs}.
   *
   * @throws dev.nbfactory.registry.FactoryException when the pinned notebook's parameters cell
   *     cannot be read
   */
  static FiringCommand of(Schedule schedule, Path pinned, Path runs, String stem) {
    if (schedule.pipeline()) {
      Path output = runs.resolve(stem);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "pipeline",
                  "run",
                  pinned.toString(),
                  "--output-dir",
                  output.toString(),
                  "--name",
                  schedule.name()));
      if (schedule.pipelineFrom() != null) {
        // A firing asks for a run: a retrain is no retrain if 'up to date' skips it.
        args.addAll(List.of("--from", schedule.pipelineFrom(), "--force"));
      }
      if (schedule.grid() != null) {
        args.addAll(gridArguments(schedule, runs.resolve(stem + "-grid.yaml")));
      }
      return new FiringCommand(args, Map.of(), output);
    }
    Path output = runs.resolve(stem + ".ipynb");
    ChildParameters given =
        ChildParameters.of(schedule.parameters(), ChildParameters.marksOf(pinned));
    List<String> args =
        new ArrayList<>(List.of("run", pinned.toString(), output.toString(), "--no-progress"));
    args.addAll(given.arguments());
    return new FiringCommand(args, given.environment(), output);
  }

  /**
   * A grid schedule's {@code --grid} options, one experiment named after the schedule; the pinned
   * grid file's text is written to {@code gridFile} for the firing to read.
   */
  private static List<String> gridArguments(Schedule schedule, Path gridFile) {
    ScheduledGrid grid = ScheduledGrid.parse(schedule.grid());
    List<String> args = new ArrayList<>();
    for (String values : grid.grid()) {
      args.addAll(List.of("--grid", values));
    }
    if (grid.gridFileText() != null) {
      try {
        Files.writeString(gridFile, grid.gridFileText());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the schedule's grid file " + gridFile, e);
      }
      args.addAll(List.of("--grid-file", gridFile.toString()));
    }
    if (grid.promoteBest() != null) {
      args.addAll(List.of("--promote-best", grid.promoteBest()));
    }
    args.addAll(List.of("--experiment", schedule.name()));
    return args;
  }
}
