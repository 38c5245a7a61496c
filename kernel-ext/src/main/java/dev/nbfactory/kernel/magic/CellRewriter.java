package dev.nbfactory.kernel.magic;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The magics that change what a cell is before it runs: {@code %load} puts a file's code in place
 * of its line ({@code .jsh} and {@code .java} as they are, {@code .ipynb} its code cells), and
 * {@code %%time} / {@code %time} at the top of a cell time the rest.
 */
public final class CellRewriter {
  private static final Pattern LOAD =
      Pattern.compile("^[ \\t]*%load[ \\t]+(\"[^\"]+\"|\\S+)[ \\t]*$", Pattern.MULTILINE);
  private static final Pattern CELL_TIME = Pattern.compile("^\\s*%%time[ \\t]*(\\R|$)");
  private static final Pattern LINE_TIME = Pattern.compile("^\\s*%time[ \\t]+");
  private static final int MAX_LOAD_DEPTH = 8;

  private CellRewriter() {}

  /** Help lines for the magics handled here. */
  public static void describe(MagicHelp help) {
    help.line(
        "load", "run the code of a .jsh, .java or .ipynb file here, as if typed into the cell");
    help.line("time", "time the code on the rest of the cell: %time work()");
    help.cell("time", "time the rest of the cell");
  }

  /** A cell to time: the code to run, when the cell starts with {@code %%time} or {@code %time}. */
  public static String timedBody(String cell) {
    Matcher m = CELL_TIME.matcher(cell);
    if (m.find()) {
      return cell.substring(m.end());
    }
    m = LINE_TIME.matcher(cell);
    if (m.find()) {
      return cell.substring(m.end());
    }
    return null;
  }

  /** The cell with each {@code %load file} line replaced by the file's code. */
  public static String expandLoads(String cell) {
    return expand(cell, 0);
  }

  private static String expand(String cell, int depth) {
    Matcher m = LOAD.matcher(cell);
    if (!m.find()) {
      return cell;
    }
    if (depth >= MAX_LOAD_DEPTH) {
      throw new IllegalArgumentException("%load nests deeper than " + MAX_LOAD_DEPTH + " files");
    }
    StringBuilder out = new StringBuilder();
    do {
      String name = m.group(1);
      if (name.startsWith("\"")) {
        name = name.substring(1, name.length() - 1);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(expand(code(Path.of(name)), depth + 1)));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  /** The Java code in a file: a notebook's code cells, or the file as it is. */
  static String code(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "%load cannot read " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    if (!file.toString().endsWith(".ipynb")) {
      return text;
    }
    JsonObject notebook = JsonParser.parseString(text).getAsJsonObject();
    List<String> cells = new ArrayList<>();
    for (JsonElement c : notebook.getAsJsonArray("cells")) {
      JsonObject cell = c.getAsJsonObject();
      if (!"code".equals(cell.get("cell_type").getAsString())) {
        continue;
      }
      JsonElement source = cell.get("source");
      if (source.isJsonArray()) {
        StringBuilder s = new StringBuilder();
        source.getAsJsonArray().forEach(line -> s.append(line.getAsString()));
        cells.add(s.toString());
      } else {
        cells.add(source.getAsString());
      }
    }
    return String.join("\n", cells);
  }
}
