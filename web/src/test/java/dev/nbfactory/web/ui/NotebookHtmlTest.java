package dev.nbfactory.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a reader sees of a rendered notebook, and that nothing in a hostile one runs. */
class NotebookHtmlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA\n"
          + "WjR9awAAAABJRU5ErkJggg==\n";

  @Test
  void markdownHeadingsAndTablesAreRendered() {
    Document page =
        page(markdown("# Results\n\nSome *text*.\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n"));

    assertThat(page.select("div.notebook > div.cell.markdown")).hasSize(1);
    assertThat(page.select("h1").text()).isEqualTo("Results");
    assertThat(page.select("em").text()).isEqualTo("text");
    assertThat(page.select("table th").eachText()).containsExactly("a", "b");
    assertThat(page.select("table td").eachText()).containsExactly("1", "2");
    assertThat(page.select("table td").get(1).attr("align")).isEqualTo("right");
  }

  @Test
  void codeIsShownEscapedWithItsPrompt() {
    ObjectNode cell = code(7, "if (a < b && c > d) {\n  print(\"<b>\");\n}");
    Document page = page(cell);

    Element code = page.selectFirst("div.cell.code");
    assertThat(code.selectFirst(".prompt").text()).isEqualTo("In [7]:");
    assertThat(code.selectFirst("pre.source > code").wholeText())
        .isEqualTo("if (a < b && c > d) {\n  print(\"<b>\");\n}");
    assertThat(code.select("b")).isEmpty();
  }

  @Test
  void sourcesAreTextOrListsOfLines() {
    ObjectNode asText = code(1, "int x = 1;\nx + 1");
    ObjectNode asList = code(2, "");
    asList.putArray("source").add("int x = 1;\n").add("x + 1");
    ObjectNode md = markdown("");
    md.putArray("source").add("## Two\n").add("\n").add("lines");

    Document page = page(asText, asList, md);

    assertThat(page.select("pre.source").eachText())
        .containsExactly("int x = 1;\nx + 1", "int x = 1;\nx + 1");
    assertThat(page.select("h2").text()).isEqualTo("Two");
    assertThat(page.select("div.markdown p").text()).isEqualTo("lines");
  }

  @Test
  void imagesAreDataUris() {
    ObjectNode cell = code(1, "plot()");
    ObjectNode png = display(cell, "image/png", PNG);
    ((ObjectNode) png.get("data")).put("text/plain", "<Figure 1>");
    png.putObject("metadata").putObject("image/png").put("width", 320);
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>";
    display(cell, "image/svg+xml", svg);

    Elements images = page(cell).select("img");

    assertThat(images).hasSize(2);
    assertThat(images.get(0).attr("src"))
        .isEqualTo("data:image/png;base64," + PNG.replace("\n", ""));
    assertThat(images.get(0).attr("alt")).isEqualTo("<Figure 1>");
    assertThat(images.get(0).attr("width")).isEqualTo("320");
    String svgSrc = images.get(1).attr("src");
    assertThat(svgSrc).startsWith("data:image/svg+xml;base64,");
    assertThat(decode(svgSrc)).isEqualTo(svg);
  }

  @Test
  void brokenBase64FallsBackToText() {
    ObjectNode cell = code(1, "plot()");
    ObjectNode out = display(cell, "image/png", "not base64!\"><script>alert(1)</script>");
    ((ObjectNode) out.get("data")).put("text/plain", "a figure");

    Document page = page(cell);

    assertThat(page.select("img")).isEmpty();
    assertThat(page.select("pre.output-text").text()).isEqualTo("a figure");
    assertRunsNothing(page);
  }

  @Test
  void hostileNotebookRunsNothingAndShowsItsText() {
    ObjectNode md =
        markdown(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))"
                + " [y](JaVa\tScRiPt:alert(2)) <a href=\"&#106;avascript:alert(3)\">z</a>"
                + " <img src=\"/ui/delete\"> <img src=\"data:text/html;base64,PHNjcmlwdD4=\">");
    ObjectNode cell = code(1, "show()");
    display(
        cell,
        "text/html",
        "<p>hi</p><script>alert(1)</script><a href=\"javascript:alert(2)\">a</a>");
    display(
        cell, "text/html", "<b>bold</b> <a href=\"javascript:alert(2)\" onclick=\"x()\">link</a>");
    display(
        cell,
        "image/svg+xml",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>");
    display(cell, "text/plain", "</pre><script>alert(1)</script>");
    display(
        cell, "text/markdown", "<iframe src=\"javascript:alert(1)\"></iframe> [m](javascript:x)");
    ObjectNode stream = cell.withArray("outputs").addObject();
    stream.put("output_type", "stream").put("name", "stdout\" onmouseover=\"alert(1)");
    stream.put("text", "<img src=x onerror=alert(1)>");

    Document page = page(md, cell);

    assertRunsNothing(page);
    assertThat(page.select("a:contains(x)").attr("href")).isEmpty();
    assertThat(page.select("a:contains(y)").attr("href")).isEmpty();
    assertThat(page.select("a:contains(z)").attr("href")).isEmpty();
    assertThat(page.select("a:contains(link)").attr("href")).isEmpty();
    assertThat(page.select("div.output-html b").text()).isEqualTo("bold");
    assertThat(page.select("img").eachAttr("src")).allMatch(src -> src.startsWith("data:image/"));
    Elements frames = page.select("iframe");
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).attr("srcdoc")).contains("<script>alert(1)</script>");
    assertThat(page.select("pre.output-text").text()).isEqualTo("</pre><script>alert(1)</script>");
    assertThat(page.select("pre.stream.stdout").text()).isEqualTo("<img src=x onerror=alert(1)>");
  }

  @Test
  void htmlTablesStayInlineAndHtmlWithStyleOrSvgGoesToASandbox() {
    ObjectNode cell = code(1, "table");
    display(
        cell,
        "text/html",
        "<table class=\"factory\"><tr><th>x</th></tr><tr><td>1</td></tr></table>");
    display(cell, "text/html", "<style>td{color:red}</style><table><tr><td>2</td></tr></table>");
    display(cell, "text/html", "<div><svg><rect width=\"1\"/></svg></div>");

    Document page = page(cell);

    assertThat(page.select("div.output-html table td").eachText()).containsExactly("1");
    assertThat(page.select("div.output-html table").attr("class")).isEmpty();
    assertThat(page.select("iframe.output-html")).hasSize(2);
    assertThat(page.select("iframe").eachAttr("srcdoc").get(1)).contains("<svg>");
    assertRunsNothing(page);
  }

  @Test
  void tracebacksLoseTheirTerminalColours() {
    ObjectNode cell = code(4, "fail()");
    ObjectNode error = cell.withArray("outputs").addObject();
    error.put("output_type", "error").put("ename", "ValueError").put("evalue", "bad <value>");
    error
        .putArray("traceback")
        .add("\u001b[0;31m---------------------------------------\u001b[0m")
        .add("\u001b[0;31mValueError\u001b[0m: bad <value>\u001b]0;title\u0007");

    Element shown = page(cell).selectFirst("div.error");

    assertThat(shown.selectFirst(".error-name").text()).isEqualTo("ValueError: bad <value>");
    String traceback = shown.selectFirst("pre.traceback").wholeText();
    assertThat(traceback)
        .isEqualTo("---------------------------------------\nValueError: bad <value>")
        .doesNotContain("\u001b");
  }

  @Test
  void streamsAreSplitByNameAndProgressBarsOverwrite() {
    ObjectNode cell = code(1, "run()");
    ObjectNode out = cell.withArray("outputs").addObject().put("output_type", "stream");
    out.put("name", "stdout").putArray("text").add("step 10%\rstep 50%\r").add("step 100%\nok\n");
    cell.withArray("outputs")
        .addObject()
        .put("output_type", "stream")
        .put("name", "stderr")
        .put("text", "warning\n");

    Document page = page(cell);

    assertThat(page.selectFirst("pre.stream.stdout").wholeText()).isEqualTo("step 100%\nok\n");
    assertThat(page.selectFirst("pre.stream.stderr").wholeText()).isEqualTo("warning\n");
  }

  @Test
  void longStreamsAreCut() {
    ObjectNode cell = code(1, "spam()");
    cell.withArray("outputs")
        .addObject()
        .put("output_type", "stream")
        .put("name", "stdout")
        .put("text", "x".repeat(TerminalText.LIMIT + 50_000));

    Document page = page(cell);

    assertThat(page.selectFirst("pre.stream").wholeText()).hasSize(TerminalText.LIMIT);
    assertThat(page.selectFirst(".output-cut").text()).isEqualTo("… 50,000 more characters");
  }

  @Test
  void jsonAndMarkdownOutputs() {
    ObjectNode cell = code(2, "show()");
    ObjectNode json = cell.withArray("outputs").addObject().put("output_type", "execute_result");
    json.put("execution_count", 2).putObject("metadata");
    json.putObject("data").putObject("application/json").put("a", "<b>").putArray("n").add(1);
    display(cell, "text/markdown", "**strong** words");

    Document page = page(cell);

    assertThat(page.selectFirst(".output-prompt").text()).isEqualTo("Out[2]:");
    assertThat(page.selectFirst("pre.output-json").wholeText()).contains("\"a\" : \"<b>\"");
    assertThat(page.select("div.output-markdown strong").text()).isEqualTo("strong");
  }

  @Test
  void markdownAttachmentsAreShown() {
    ObjectNode md = markdown("![plot](attachment:plot.png)");
    md.putObject("attachments").putObject("plot.png").put("image/png", PNG);

    assertThat(page(md).selectFirst("img").attr("src")).startsWith("data:image/png;base64,iVBOR");
  }

  @Test
  void papermillBannerLinksToTheFailedCell() {
    ObjectNode nb = notebook();
    ArrayNode cells = nb.withArray("cells");
    String style =
        "color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;";
    banner(
        cells,
        "<span style=\""
            + style
            + "\">An Exception was encountered at"
            + " '<a href=\"#papermill-error-cell\">In [2]</a>'.</span>");
    ObjectNode ok = cells.addObject();
    copy(ok, code(1, "int x = 1;"));
    papermill(ok, "completed", 0.25, false);
    banner(
        cells,
        "<span id=\"papermill-error-cell\" style=\""
            + style
            + "\">Execution using"
            + " papermill encountered an exception here and stopped:</span>");
    ObjectNode failing = cells.addObject();
    copy(failing, code(2, "throw new IllegalStateException(\"no\");"));
    papermill(failing, "failed", 3.4, true);
    failing
        .withArray("outputs")
        .addObject()
        .put("output_type", "error")
        .put("ename", "IllegalStateException")
        .put("evalue", "no")
        .putArray("traceback");
    ObjectNode pending = cells.addObject();
    copy(pending, code(null, "later();"));
    papermill(pending, "pending", null, null);

    Document page = Jsoup.parseBodyFragment(render(nb));

    Element top = page.selectFirst("div.cell.markdown.papermill-banner");
    assertThat(top.text()).isEqualTo("An Exception was encountered at 'In [2]'.");
    assertThat(top.selectFirst("a").attr("href")).isEqualTo("#papermill-error-cell");
    assertThat(page.select("[style]")).isEmpty();
    Elements anchored = page.select("#papermill-error-cell");
    assertThat(anchored).hasSize(1);
    assertThat(anchored.get(0).classNames()).containsExactlyInAnyOrder("cell", "code", "failed");
    assertThat(anchored.get(0).selectFirst(".prompt").text()).isEqualTo("In [2]:");
    assertThat(anchored.get(0).selectFirst(".duration").text()).isEqualTo("3.4 s");
    assertThat(page.select("div.cell.failed")).hasSize(1);
    assertThat(page.select(".duration").eachText()).containsExactly("250 ms", "3.4 s");
    assertThat(page.select(".prompt").eachText()).contains("In [ ]:");
    assertThat(page.select("div.papermill-banner").get(1).text())
        .isEqualTo("Execution using papermill encountered an exception here and stopped:");
  }

  @Test
  void executionTimestampsAndHiddenSources() {
    ObjectNode cell = code(1, "secret()");
    ObjectNode metadata = cell.putObject("metadata");
    metadata.putObject("jupyter").put("source_hidden", true);
    metadata
        .putObject("execution")
        .put("iopub.execute_input", "2024-05-01T10:00:00.000000Z")
        .put("shell.execute_reply", "2024-05-01T10:02:05.400000Z");

    Document page = page(cell);

    assertThat(page.select("details.hidden-source pre.source").text()).isEqualTo("secret()");
    assertThat(page.selectFirst(".duration").text()).isEqualTo("2 min 5 s");
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", "the file is empty"),
        Arguments.of("{\"cells\": [", "it is not JSON"),
        Arguments.of("<html>", "it is not JSON"),
        Arguments.of("{} {}", "it is not JSON"),
        Arguments.of("[1, 2]", "it is a list, not a JSON object"),
        Arguments.of("\"text\"", "it is text, not a JSON object"),
        Arguments.of("{\"nbformat\": 4, \"metadata\": {}}", "it has no \"cells\" list"),
        Arguments.of("{\"cells\": \"<script>\"}", "its \"cells\" is text, not a list"),
        Arguments.of("{\"nbformat\": 3, \"worksheets\": []}", "nbformat 3"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedNotebooksSayWhy(String ipynb, String why) {
    String html = NotebookHtml.render(ipynb.getBytes(StandardCharsets.UTF_8));

    Document page = Jsoup.parseBodyFragment(html);
    Element error = page.selectFirst("div.notebook > p.notebook-error");
    assertThat(error).as(html).isNotNull();
    assertThat(error.text()).startsWith("The notebook could not be read: ").contains(why);
    assertRunsNothing(page);
  }

  @Test
  void nullIsAnEmptyFile() {
    assertThat(NotebookHtml.render(null)).contains("notebook-error", "the file is empty");
  }

  @Test
  void aMalformedCellOrOutputSpoilsOnlyItself() {
    ObjectNode numberSource = markdown("");
    numberSource.put("source", 42);
    ObjectNode listWithNumber = code(1, "");
    listWithNumber.putArray("source").add("a").add(1);
    ObjectNode unknownType = markdown("x").put("cell_type", "<script>");
    ObjectNode badOutputs = code(2, "y").put("outputs", "none");
    ObjectNode badOutput = code(3, "z");
    badOutput.withArray("outputs").add(7);
    badOutput.withArray("outputs").addObject().put("output_type", "stream").put("text", "fine");
    ObjectNode good = markdown("still *here*");

    ObjectNode nb = notebook();
    nb.withArray("cells")
        .add(numberSource)
        .add(listWithNumber)
        .add(unknownType)
        .add("cell")
        .add(badOutputs)
        .add(badOutput)
        .add(good);
    Document page = Jsoup.parseBodyFragment(render(nb));

    assertThat(page.select("div.cell.unreadable p.notebook-error").eachText())
        .containsExactly(
            "Cell 1 could not be read: its source is a number, not text.",
            "Cell 2 could not be read: its source is a list holding a number, not only text.",
            "Cell 3 could not be read: its cell_type \"<script>\" is not code, markdown or raw.",
            "Cell 4 could not be read: it is text, not an object.",
            "Cell 5 could not be read: its outputs is text, not a list.");
    assertThat(page.select("div.cell.code p.notebook-error").text())
        .isEqualTo("Output 1 of this cell could not be read: it is a number, not an object.");
    assertThat(page.select("pre.stream").text()).isEqualTo("fine");
    assertThat(page.select("em").text()).isEqualTo("here");
    assertRunsNothing(page);
  }

  @Test
  void rawCellsAreEscapedText() {
    ObjectNode raw = markdown("<b>raw</b>").put("cell_type", "raw");

    Document page = page(raw);

    assertThat(page.select("div.cell.raw pre.raw").text()).isEqualTo("<b>raw</b>");
    assertThat(page.select("b")).isEmpty();
  }

  @Test
  void deeplyNestedMarkdownDoesNotBreakThePage() {
    Document page = page(markdown(">".repeat(20_000) + " deep"), markdown("after"));

    assertThat(page.select("div.notebook > div.cell")).hasSize(2);
    assertThat(page.select("div.notebook > div.cell").last().text()).isEqualTo("after");
  }

  // No script can run: no script, style or plugin element, no handler, no javascript: URL, and
  // the only frames are sandboxed without tokens (their srcdoc is not part of this DOM).
  private static void assertRunsNothing(Document page) {
    assertThat(page.select("script, style, svg, object, embed, form, base, meta, link, math"))
        .isEmpty();
    for (Element e : page.getAllElements()) {
      for (Attribute a : e.attributes()) {
        assertThat(a.getKey()).doesNotStartWithIgnoringCase("on");
        if (!a.getKey().equals("srcdoc")) {
          assertThat(a.getValue().replaceAll("[\\x00-\\x20]", "").toLowerCase(Locale.ROOT))
              .doesNotContain("javascript:");
        }
      }
    }
    for (Element frame : page.select("iframe")) {
      assertThat(frame.hasAttr("sandbox")).isTrue();
      assertThat(frame.attr("sandbox")).isEmpty();
      assertThat(frame.hasAttr("src")).isFalse();
    }
  }

  private static Document page(ObjectNode... cells) {
    ObjectNode nb = notebook();
    for (ObjectNode cell : cells) {
      nb.withArray("cells").add(cell);
    }
    return Jsoup.parseBodyFragment(render(nb));
  }

  private static String render(ObjectNode nb) {
    return NotebookHtml.render(nb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode notebook() {
    ObjectNode nb = JSON.createObjectNode();
    nb.put("nbformat", 4).put("nbformat_minor", 5).putObject("metadata");
    nb.putArray("cells");
    return nb;
  }

  private static ObjectNode markdown(String source) {
    ObjectNode cell = JSON.createObjectNode().put("cell_type", "markdown");
    cell.putObject("metadata");
    return cell.put("source", source);
  }

  private static ObjectNode code(Integer count, String source) {
    ObjectNode cell =
        JSON.createObjectNode().put("cell_type", "code").put("execution_count", count);
    cell.putObject("metadata");
    cell.put("source", source).putArray("outputs");
    return cell;
  }

  private static ObjectNode display(ObjectNode cell, String mime, String value) {
    ObjectNode out = cell.withArray("outputs").addObject().put("output_type", "display_data");
    out.putObject("data").put(mime, value);
    out.putObject("metadata");
    return out;
  }

  private static void banner(ArrayNode cells, String source) {
    ObjectNode cell = markdown(source);
    ((ObjectNode) cell.get("metadata")).putArray("tags").add("papermill-error-cell-tag");
    cells.add(cell);
  }

  private static void papermill(ObjectNode cell, String status, Double duration, Boolean failed) {
    ObjectNode pm = cell.withObject("metadata").putObject("papermill");
    pm.put("status", status).put("duration", duration).put("exception", failed);
  }

  private static void copy(ObjectNode into, ObjectNode from) {
    into.setAll(from);
  }

  private static String decode(String dataUri) {
    String base64 = dataUri.substring(dataUri.indexOf(',') + 1);
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
