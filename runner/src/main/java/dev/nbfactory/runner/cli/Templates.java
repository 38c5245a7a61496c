package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.NotFoundException;
import dev.nbfactory.runner.notebook.Cell;
import dev.nbfactory.runner.notebook.NotebookDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The notebook templates of a folder: {@code $FACTORY_TEMPLATES}, else {@code templates/} of the
 * checkout ({@code $FACTORY_HOME}), else the nearest {@code templates/} at or above the working
 * directory. A template is {@code NAME.ipynb}; its version is {@code metadata.factory_template
 * .version}, its description the first line of its first (markdown) cell.
 */
final class Templates {
  static final String ENV = "FACTORY_TEMPLATES";
  static final String METADATA = "factory_template";

  /** One template. */
  record Template(String name, String version, String description, Path path) {
    NotebookDocument read() {
      return NotebookDocument.read(path);
    }

    /** The first cell's text: what the template does and its parameters. */
    String explanation() {
      return read().cells().stream()
          .filter(c -> c.type().equals("markdown"))
          .findFirst()
          .map(Cell::source)
          .orElse("");
    }

    Optional<Cell> parameters() {
      return read().firstTagged("parameters");
    }
  }

  private final Path folder;

  private Templates(Path folder) {
    this.folder = folder;
  }

  static Templates of(CliContext context) {
    String env = context.env().get(ENV);
    if (env != null && !env.isBlank()) {
      return new Templates(context.cwd().resolve(env));
    }
    String home = context.env().get("FACTORY_HOME");
    if (home != null && !home.isBlank()) {
      return new Templates(Path.of(home, "templates"));
    }
    for (Path p = context.cwd(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("templates"))) {
        return new Templates(p.resolve("templates"));
      }
    }
    throw new FactoryException(
        "no templates folder: set " + ENV + " to one, or run factory from a checkout");
  }

  Path folder() {
    return folder;
  }

  List<Template> all() {
    if (!Files.isDirectory(folder)) {
      throw new FactoryException("the templates folder " + folder + " does not exist");
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".ipynb"))
          .sorted()
          .map(Templates::template)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Template get(String name) {
    List<Template> all = all();
    return all.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no template named '"
                        + name
                        + "' in "
                        + folder
                        + "; there are "
                        + String.join(", ", all.stream().map(Template::name).toList())));
  }

  private static Template template(Path path) {
    String file = path.getFileName().toString();
    String name = file.substring(0, file.length() - ".ipynb".length());
    NotebookDocument doc = NotebookDocument.read(path);
    JsonNode meta = doc.metadata().path(METADATA);
    String version = meta.path("version").asText("-");
    String description =
        doc.cells().stream()
            .filter(c -> c.type().equals("markdown"))
            .findFirst()
            .map(c -> c.source().strip().lines().findFirst().orElse(""))
            .orElse("")
            .replaceFirst("^#+\\s*", "");
    return new Template(name, version, description, path);
  }
}
