package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.runner.pipeline.Grid;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of {@code factory pipeline run} that make it run a grid of parameter sets. */
final class GridOptions {
  @Option(
      names = "--grid",
      paramLabel = "STAGE.NAME=V1,V2",
      description = {
        "Run the pipeline once for each combination of values (the cross product of every",
        "--grid), as one experiment: a stage whose parameters and inputs are the same for",
        "several members runs once for them all. Values are typed as -p types them."
      })
  List<String> grid = new ArrayList<>();

  @Option(
      names = "--grid-file",
      paramLabel = "FILE",
      description = "A YAML list of combinations, each a mapping of STAGE.NAME to a value.")
  Path gridFile;

  @Option(
      names = "--experiment",
      paramLabel = "NAME",
      description = "The experiment's name in the registry (default: the pipeline's, with -grid).")
  String experiment;

  @Option(
      names = "--promote-best",
      paramLabel = "METRIC",
      description = {
        "After the grid, send the member best in METRIC (highest; METRIC:asc for lowest) through",
        "the gate of the stage that has one; only the gate moves the alias. Without it, members'",
        "gates decide but move nothing."
      })
  String promoteBest;

  boolean active() {
    return !grid.isEmpty() || gridFile != null;
  }

  /** The grid the options give, the file read from {@code cwd}. */
  Grid read(Path cwd) {
    if (!active()) {
      throw new InvalidInputException("--promote-best and --experiment need --grid or --grid-file");
    }
    String text = null;
    String fileName = null;
    if (gridFile != null) {
      Path file = cwd.resolve(gridFile);
      fileName = gridFile.toString();
      try {
        text = Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new InvalidInputException("--grid-file " + gridFile + ": no such file");
      } catch (MalformedInputException e) {
        throw new InvalidInputException("--grid-file " + gridFile + " is not UTF-8 text");
      } catch (IOException e) {
        throw new InvalidInputException("--grid-file " + gridFile + " cannot be read: " + e);
      }
    }
    return Grid.parse(grid, text, fileName);
  }
}
