package dev.nbfactory.web.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.nbfactory.web.ui.NotebookJson.Unreadable;
import java.util.ArrayList;
import java.util.List;

/**
 * One nbformat output as HTML: stream text, the richest safe representation of display data, and
 * errors with their traceback.
 */
final class OutputHtml {
  private static final ObjectWriter PRETTY = new ObjectMapper().writerWithDefaultPrettyPrinter();
  private static final List<String> RASTER = List.of("image/png", "image/jpeg", "image/gif");

  private OutputHtml() {}

  /** {@code output} as HTML; {@link Unreadable} when it does not have nbformat's shape. */
  static String render(JsonNode output) {
    if (!output.isObject()) {
      throw new Unreadable("it is " + NotebookJson.kind(output) + ", not an object");
    }
    JsonNode type = output.path("output_type");
    if (!type.isTextual()) {
      throw new Unreadable("it has no output_type");
    }
    return switch (type.textValue()) {
      case "stream" -> stream(output);
      case "execute_result", "display_data" -> prompt(output) + rich(output);
      case "error" -> error(output);
      default -> unsupported("an output of type " + type.textValue());
    };
  }

  private static String stream(JsonNode output) {
    String name = "stderr".equals(output.path("name").asText()) ? "stderr" : "stdout";
    String text = NotebookJson.text(output.get("text"), "its text");
    return TerminalText.pre("stream " + name, TerminalText.plain(text));
  }

  private static String prompt(JsonNode output) {
    JsonNode count = output.path("execution_count");
    if (!"execute_result".equals(output.path("output_type").asText()) || !count.canConvertToInt()) {
      return "";
    }
    return "<div class=\"prompt output-prompt\">Out[" + Html.text(count.intValue()) + "]:</div>";
  }

  // The first representation that can be shown safely, richest first.
  private static String rich(JsonNode output) {
    JsonNode data = NotebookJson.object(output, "data", "its data");
    JsonNode metadata = output.path("metadata");
    String alt = data.has("text/plain") ? text(data, "text/plain") : "";
    for (String mime : RASTER) {
      if (data.has(mime)) {
        String uri = DataUri.image(mime, text(data, mime));
        if (uri != null) {
          return img(uri, alt, metadata.path(mime));
        }
      }
    }
    if (data.has("image/svg+xml")) {
      return img(DataUri.svg(text(data, "image/svg+xml")), alt, metadata.path("image/svg+xml"));
    }
    if (data.has("text/html")) {
      return html(text(data, "text/html"));
    }
    if (data.has("text/markdown")) {
      return "<div class=\"output-markdown\">"
          + MarkdownHtml.render(text(data, "text/markdown"))
          + "</div>";
    }
    if (data.has("application/json")) {
      return TerminalText.pre("output-json", pretty(data.get("application/json")));
    }
    if (data.has("text/plain")) {
      return TerminalText.pre("output-text", TerminalText.plain(alt));
    }
    List<String> mimes = new ArrayList<>();
    data.fieldNames().forEachRemaining(mimes::add);
    return unsupported(mimes.isEmpty() ? "an empty output" : "an output of type " + mimes);
  }

  private static String text(JsonNode data, String mime) {
    return NotebookJson.text(data.get(mime), "its " + mime);
  }

  private static String img(String src, String alt, JsonNode size) {
    StringBuilder html = new StringBuilder(src.length() + 96);
    html.append("<img class=\"output-image\" src=\"").append(Html.text(src)).append('"');
    html.append(" alt=\"")
        .append(Html.text(TerminalText.head(TerminalText.plain(alt))))
        .append('"');
    for (String dimension : List.of("width", "height")) {
      JsonNode value = size.path(dimension);
      if (value.canConvertToInt() && value.intValue() > 0) {
        html.append(' ').append(dimension).append("=\"").append(Html.text(value.intValue()));
        html.append('"');
      }
    }
    return html.append('>').toString();
  }

  // HTML the allow-list keeps whole goes inline; the rest (script, style, SVG) goes to a sandboxed
  // frame: no scripts, no forms, an origin of its own.
  private static String html(String html) {
    if (SafeHtml.keepsContent(html)) {
      return "<div class=\"output-html\">" + SafeHtml.clean(html) + "</div>";
    }
    return "<iframe sandbox=\"\" class=\"output-html\" title=\"HTML output\" srcdoc=\""
        + Html.text(html)
        + "\"></iframe>";
  }

  private static String pretty(JsonNode json) {
    try {
      return PRETTY.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new Unreadable("its application/json cannot be written out: " + e.getOriginalMessage());
    }
  }

  private static String error(JsonNode output) {
    String name = NotebookJson.text(output.get("ename"), "its ename");
    String value = NotebookJson.text(output.get("evalue"), "its evalue");
    JsonNode traceback = output.path("traceback");
    StringBuilder lines = new StringBuilder();
    if (traceback.isArray()) {
      for (JsonNode line : traceback) {
        if (lines.length() > 0) {
          lines.append('\n');
        }
        lines.append(NotebookJson.text(line, "a traceback line"));
      }
    } else {
      lines.append(NotebookJson.text(traceback, "its traceback"));
    }
    StringBuilder html = new StringBuilder("<div class=\"error\"><p class=\"error-name\">");
    html.append(Html.text(TerminalText.plain(name)));
    if (!value.isEmpty()) {
      html.append(": ").append(Html.text(TerminalText.head(TerminalText.plain(value))));
    }
    html.append("</p>");
    if (lines.length() > 0) {
      html.append(TerminalText.pre("traceback", TerminalText.plain(lines.toString())));
    }
    return html.append("</div>").toString();
  }

  private static String unsupported(String what) {
    return "<p class=\"output-unsupported\">(" + Html.text(what) + " is not shown)</p>";
  }
}
