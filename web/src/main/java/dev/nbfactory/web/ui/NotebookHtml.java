package dev.nbfactory.web.ui;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.web.ui.NotebookJson.Unreadable;
import java.io.IOException;

/**
 * An executed nbformat 4 notebook as an HTML fragment, {@code <div class="notebook">}: text is
 * escaped, HTML and Markdown pass the allow-list or a sandboxed frame, so nothing runs script.
 */
public final class NotebookHtml {
  // Images are long strings; the bytes are in memory already, so no length limit is needed.
  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private NotebookHtml() {}

  /**
   * The notebook in {@code ipynb} (the bytes of an {@code .ipynb} file) as HTML. Never throws: a
   * notebook that cannot be read gives a {@code <p class="notebook-error">} saying why, and a cell
   * or output that cannot be read gives one in its place.
   */
  public static String render(byte[] ipynb) {
    try {
      return cells(read(ipynb));
    } catch (Unreadable e) {
      return unreadable("The notebook could not be read: " + e.getMessage() + ".");
    } catch (RuntimeException e) {
      return unreadable("The notebook could not be shown (" + e.getClass().getSimpleName() + ").");
    }
  }

  private static JsonNode read(byte[] ipynb) {
    if (ipynb == null || ipynb.length == 0) {
      throw new Unreadable("the file is empty");
    }
    JsonNode root;
    try {
      root = JSON.readTree(ipynb);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new Unreadable("it is not JSON (" + shortened(e.getOriginalMessage()) + where + ")");
    } catch (IOException e) {
      throw new Unreadable("it is not JSON (" + shortened(e.getMessage()) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new Unreadable(
          "it is " + (root == null ? "empty" : NotebookJson.kind(root)) + ", not a JSON object");
    }
    JsonNode format = root.path("nbformat");
    if ((format.canConvertToInt() && format.intValue() < 4) || root.has("worksheets")) {
      throw new Unreadable(
          "it is in nbformat " + format.asText("3") + "; only nbformat 4 notebooks can be shown");
    }
    if (!root.has("cells")) {
      throw new Unreadable("it has no \"cells\" list");
    }
    return NotebookJson.list(root, "cells", "its \"cells\"");
  }

  private static String cells(JsonNode cells) {
    int anchored = PapermillMarks.anchoredCell(cells);
    StringBuilder html = new StringBuilder(4096).append("<div class=\"notebook\">");
    for (int i = 0; i < cells.size(); i++) {
      try {
        html.append(cell(cells.get(i), i == anchored));
      } catch (Unreadable e) {
        html.append(unreadableCell(i, e.getMessage()));
      } catch (RuntimeException e) {
        html.append(
            unreadableCell(i, "it could not be shown (" + e.getClass().getSimpleName() + ")"));
      }
    }
    return html.append("</div>").toString();
  }

  private static String cell(JsonNode cell, boolean anchored) {
    if (!cell.isObject()) {
      throw new Unreadable("it is " + NotebookJson.kind(cell) + ", not an object");
    }
    JsonNode type = cell.path("cell_type");
    JsonNode metadata = NotebookJson.object(cell, "metadata", "its metadata");
    String source = NotebookJson.text(cell.get("source"), "its source");
    return switch (type.asText("")) {
      case "code" -> code(cell, metadata, source, anchored);
      case "markdown" -> markdown(cell, source);
      case "raw" -> "<div class=\"cell raw\">" + TerminalText.pre("raw", source) + "</div>";
      default ->
          throw new Unreadable(
              type.isTextual()
                  ? "its cell_type \"" + type.textValue() + "\" is not code, markdown or raw"
                  : "it has no cell_type");
    };
  }

  private static String markdown(JsonNode cell, String source) {
    String banner = PapermillMarks.isBanner(cell) ? " papermill-banner" : "";
    return "<div class=\"cell markdown"
        + banner
        + "\"><div class=\"markdown\">"
        + MarkdownHtml.render(source, cell.path("attachments"))
        + "</div></div>";
  }

  private static String code(JsonNode cell, JsonNode metadata, String source, boolean anchored) {
    boolean failed = anchored || PapermillMarks.failed(cell);
    JsonNode count = cell.path("execution_count");
    String prompt = "In [" + (count.canConvertToInt() ? Html.text(count.intValue()) : " ") + "]:";
    JsonNode jupyter = metadata.path("jupyter");
    StringBuilder html = new StringBuilder(256 + source.length());
    html.append("<div class=\"cell code").append(failed ? " failed" : "").append('"');
    if (anchored) {
      html.append(" id=\"").append(PapermillMarks.ANCHOR).append('"');
    }
    html.append("><div class=\"input\"><div class=\"prompt\">").append(prompt).append("</div>");
    String pre = "<pre class=\"source\"><code>" + Html.text(source) + "</code></pre>";
    html.append(hideable(pre, jupyter.path("source_hidden").asBoolean(false), "source"));
    html.append("</div>");
    String duration = CellDuration.of(metadata);
    if (!duration.isEmpty()) {
      html.append("<div class=\"duration\" title=\"execution time\">");
      html.append(Html.text(duration)).append("</div>");
    }
    JsonNode outputs = NotebookJson.list(cell, "outputs", "its outputs");
    if (!outputs.isEmpty()) {
      StringBuilder shown = new StringBuilder();
      for (int i = 0; i < outputs.size(); i++) {
        shown.append("<div class=\"output\">").append(output(outputs.get(i), i)).append("</div>");
      }
      String all = "<div class=\"outputs\">" + shown + "</div>";
      html.append(hideable(all, jupyter.path("outputs_hidden").asBoolean(false), "outputs"));
    }
    return html.append("</div>").toString();
  }

  private static String output(JsonNode output, int index) {
    try {
      return OutputHtml.render(output);
    } catch (Unreadable e) {
      return "<p class=\"notebook-error\">Output "
          + (index + 1)
          + " of this cell could not be read: "
          + Html.text(e.getMessage())
          + ".</p>";
    }
  }

  // Sources and outputs metadata.jupyter hides (report mode hides sources) stay one click away.
  private static String hideable(String html, boolean hidden, String what) {
    if (!hidden) {
      return html;
    }
    return "<details class=\"hidden-"
        + what
        + "\"><summary>"
        + what
        + " hidden</summary>"
        + html
        + "</details>";
  }

  private static String unreadableCell(int index, String why) {
    return "<div class=\"cell unreadable\"><p class=\"notebook-error\">Cell "
        + (index + 1)
        + " could not be read: "
        + Html.text(why)
        + ".</p></div>";
  }

  private static String unreadable(String message) {
    return "<div class=\"notebook\"><p class=\"notebook-error\">"
        + Html.text(message)
        + "</p></div>";
  }

  private static String shortened(String message) {
    String first = message == null ? "" : message.lines().findFirst().orElse("");
    return first.length() <= 200 ? first : first.substring(0, 200) + "…";
  }
}
