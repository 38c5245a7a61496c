package dev.nbfactory.kernel.factory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nbfactory.magics.codec.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tells whether a cell about to run is a notebook's {@code parameters} (or {@code
 * injected-parameters}) cell. No Jupyter client sends a cell's tags with its code, so the cell is
 * recognised by its source, as saved in the notebook: the one the kernel runs when its path is
 * known (JupyterLab, Notebook 7, a server's sessions), else any notebook in the working directory
 * (nbconvert and nbclient start the kernel in the notebook's folder). A cell edited and run before
 * the notebook was saved is not recognised, and its values are not recorded.
 */
final class TaggedParameterCells {
  private static final Set<String> TAGS = Set.of("parameters", "injected-parameters");

  private final Supplier<Path> notebook;
  private final Path workingDir;
  private final Map<Path, Parsed> cache = new ConcurrentHashMap<>();

  private record Parsed(FileTime modified, long size, Set<String> sources) {}

  TaggedParameterCells(Supplier<Path> notebook, Path workingDir) {
    this.notebook = notebook;
    this.workingDir = workingDir;
  }

  boolean isParametersCell(String source) {
    String cell = source.strip();
    if (!cell.contains("=")) {
      return false; // declares no value: nothing to record, and no notebook to read
    }
    for (Path candidate : candidates()) {
      if (parsed(candidate).contains(cell)) {
        return true;
      }
    }
    return false;
  }

  private List<Path> candidates() {
    Path known = notebook.get();
    if (known != null) {
      return List.of(known);
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(workingDir, "*.ipynb")) {
      dir.forEach(out::add);
    } catch (IOException e) {
      return List.of();
    }
    return out;
  }

  /** The stripped sources of the notebook's tagged parameter cells, read again when it changes. */
  private Set<String> parsed(Path file) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Parsed cached = cache.get(file);
      if (cached != null && cached.modified().equals(modified) && cached.size() == size) {
        return cached.sources();
      }
      Set<String> sources = new HashSet<>();
      for (JsonNode cell : Json.MAPPER.readTree(file.toFile()).path("cells")) {
        boolean tagged = false;
        for (JsonNode tag : cell.path("metadata").path("tags")) {
          tagged |= TAGS.contains(tag.asText());
        }
        if (tagged && "code".equals(cell.path("cell_type").asText())) {
          sources.add(text(cell.path("source")).strip());
        }
      }
      cache.put(file, new Parsed(modified, size, sources));
      return sources;
    } catch (IOException | RuntimeException e) {
      return Set.of(); // not a notebook we can read: nothing to recognise in it
    }
  }

  /** nbformat keeps a source as a string or as a list of lines. */
  private static String text(JsonNode source) {
    if (!source.isArray()) {
      return source.asText();
    }
    StringBuilder out = new StringBuilder();
    source.forEach(line -> out.append(line.asText()));
    return out.toString();
  }
}
