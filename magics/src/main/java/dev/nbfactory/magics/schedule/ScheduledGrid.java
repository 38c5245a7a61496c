package dev.nbfactory.magics.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.InvalidInputException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The grid a pipeline schedule runs over, as {@link dev.nbfactory.registry.Schedule#grid()} keeps
 * it: the {@code --grid} values, the text of the {@code --grid-file} as it was at promotion
 * (pinned, as the notebooks are) and {@code --promote-best}. A firing hands them back to {@code
 * factory pipeline run}.
 *
 * @param gridFileText the file's text, or null
 * @param promoteBest the metric, or null
 */
public record ScheduledGrid(List<String> grid, String gridFileText, String promoteBest) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ScheduledGrid {
    grid = List.copyOf(grid);
  }

  /** The grid {@code options} ask for, its file read from {@code base}; null when none. */
  public static ScheduledGrid of(PromoteOptions options, Path base) {
    if (!options.hasGrid()) {
      return null;
    }
    String text = null;
    if (options.gridFile() != null) {
      Path file = base.resolve(options.gridFile());
      try {
        text = Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new InvalidInputException("--grid-file " + options.gridFile() + ": no such file");
      } catch (MalformedInputException e) {
        throw new InvalidInputException("--grid-file " + options.gridFile() + " is not UTF-8 text");
      } catch (IOException e) {
        throw new InvalidInputException("--grid-file " + options.gridFile() + ": " + e);
      }
    }
    return new ScheduledGrid(options.grid(), text, options.promoteBest());
  }

  /** As the registry keeps it. */
  public String json() {
    ObjectNode node = JSON.createObjectNode();
    grid.forEach(node.putArray("grid")::add);
    if (gridFileText != null) {
      node.put("gridFile", gridFileText);
    }
    if (promoteBest != null) {
      node.put("promoteBest", promoteBest);
    }
    return node.toString();
  }

  /** What {@link #json} wrote. */
  public static ScheduledGrid parse(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      List<String> grid = new ArrayList<>();
      node.path("grid").forEach(v -> grid.add(v.asText()));
      return new ScheduledGrid(
          grid,
          node.hasNonNull("gridFile") ? node.get("gridFile").asText() : null,
          node.hasNonNull("promoteBest") ? node.get("promoteBest").asText() : null);
    } catch (JsonProcessingException e) {
      throw new FactoryException(
          "the schedule's grid is malformed JSON (" + e.getOriginalMessage() + "); promote again",
          e);
    }
  }

  /** One line for a person: {@code train.epochs=10,20; 3 combinations from a file; best in M}. */
  public String describe() {
    List<String> parts = new ArrayList<>(grid);
    if (gridFileText != null) {
      parts.add("combinations of the pinned --grid-file");
    }
    if (promoteBest != null) {
      parts.add("the best in " + promoteBest + " through the gate");
    }
    return String.join("; ", parts);
  }
}
