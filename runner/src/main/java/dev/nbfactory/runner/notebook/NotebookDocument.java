package dev.nbfactory.runner.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An nbformat 4 notebook held as its JSON tree: cells, their sources, tags and outputs are read and
 * changed in place, and every key this class does not know is written back untouched.
 */
public final class NotebookDocument {
  /** The major format version this tool reads and writes. */
  public static final int NBFORMAT = 4;

  static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter WRITER =
      JSON.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter(" ", "\n"))
              .withArrayIndenter(new DefaultIndenter(" ", "\n")));

  private final ObjectNode root;

  private NotebookDocument(ObjectNode root) {
    this.root = root;
  }

  /** Reads and checks a notebook file; the error names the file and what is wrong with it. */
  public static NotebookDocument read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NotebookFormatException("no notebook at " + file);
    } catch (IOException e) {
      throw new NotebookFormatException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return parse(bytes, file.toString());
  }

  /** Parses notebook JSON; {@code source} names it in errors. */
  public static NotebookDocument parse(byte[] bytes, String source) {
    JsonNode tree;
    try {
      tree = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      // A limit (nesting deeper than 1,000 levels, say) has no location to show.
      String where =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw new NotebookFormatException(
          source
              + " is not valid JSON"
              + where
              + ": "
              + e.getOriginalMessage()
              + ". Open it in Jupyter and save it again, or restore it from version control.",
          e);
    } catch (IOException e) {
      throw new NotebookFormatException("cannot read " + source + ": " + e.getMessage(), e);
    }
    if (!(tree instanceof ObjectNode obj)) {
      throw new NotebookFormatException(
          source + " is JSON but not a notebook (no top-level object)");
    }
    JsonNode format = obj.get("nbformat");
    if (format == null || !format.isInt()) {
      throw new NotebookFormatException(
          source + " is not a Jupyter notebook: it has no integer 'nbformat' key");
    }
    if (format.asInt() != NBFORMAT) {
      throw new NotebookFormatException(
          source
              + " is nbformat "
              + format.asInt()
              + "; this tool runs nbformat 4. Convert it with: jupyter nbconvert --to notebook"
              + " --nbformat 4 "
              + source);
    }
    JsonNode cells = obj.get("cells");
    if (cells == null || !cells.isArray()) {
      throw new NotebookFormatException(source + " is not a valid notebook: 'cells' is not a list");
    }
    for (int i = 0; i < cells.size(); i++) {
      JsonNode cell = cells.get(i);
      String type = cell.path("cell_type").asText("");
      if (!cell.isObject() || !List.of("code", "markdown", "raw").contains(type)) {
        throw new NotebookFormatException(
            source + " is not a valid notebook: cell " + i + " has no known cell_type");
      }
      if (!cell.has("metadata")) {
        ((ObjectNode) cell).putObject("metadata");
      }
      if (obj.path("nbformat_minor").asInt(0) >= 5 && !cell.has("id")) {
        ((ObjectNode) cell).put("id", Cell.newId()); // required from nbformat 4.5 on
      }
    }
    if (!obj.has("metadata") || !obj.get("metadata").isObject()) {
      obj.putObject("metadata");
    }
    return new NotebookDocument(obj);
  }

  public ObjectNode json() {
    return root;
  }

  public ObjectNode metadata() {
    return (ObjectNode) root.get("metadata");
  }

  public ArrayNode cellsArray() {
    return (ArrayNode) root.get("cells");
  }

  public List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    ArrayNode array = cellsArray();
    for (int i = 0; i < array.size(); i++) {
      cells.add(new Cell((ObjectNode) array.get(i)));
    }
    return cells;
  }

  /** The source of the first cell tagged {@code parameters}; empty when there is none. */
  public String parametersSource() {
    return firstTagged("parameters").map(Cell::source).orElse("");
  }

  /** The first cell carrying {@code tag}, if any. */
  public Optional<Cell> firstTagged(String tag) {
    return cells().stream().filter(c -> c.hasTag(tag)).findFirst();
  }

  /**
   * Inserts a cell at {@code index}. Cell ids exist from nbformat 4.5 on: in an older notebook
   * (Jupyter Notebook 6 writes 4.4) the cell goes in without one, or the notebook is invalid.
   */
  public Cell insert(int index, Cell cell) {
    if (root.path("nbformat_minor").asInt(0) < 5) {
      cell.json().remove("id");
    }
    cellsArray().insert(index, cell.json());
    return cell;
  }

  public void remove(Cell cell) {
    ArrayNode array = cellsArray();
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) == cell.json()) {
        array.remove(i);
        return;
      }
    }
  }

  public int indexOf(Cell cell) {
    ArrayNode array = cellsArray();
    for (int i = 0; i < array.size(); i++) {
      if (array.get(i) == cell.json()) {
        return i;
      }
    }
    return -1;
  }

  /** The notebook as Jupyter writes it: one-space indent, a newline at the end. */
  public byte[] toBytes() {
    try {
      return (WRITER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a notebook tree always serializes", e);
    }
  }

  /** Saves to {@code file} atomically, so a reader or a crash sees the old or the new notebook. */
  public void save(Path file) throws IOException {
    AtomicFiles.write(file, toBytes());
  }

  /** A deep copy, for a run that must not change the notebook it was given. */
  public NotebookDocument copy() {
    return new NotebookDocument(root.deepCopy());
  }

  static JsonNodeFactory nodes() {
    return JSON.getNodeFactory();
  }
}
