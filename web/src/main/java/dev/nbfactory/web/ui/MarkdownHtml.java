package dev.nbfactory.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown as notebooks write it, rendered and then cleaned: raw HTML in it passes the allow-list.
 */
final class MarkdownHtml {
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().extensions(EXTENSIONS).build();
  private static final String ATTACHMENT = "attachment:";

  private MarkdownHtml() {}

  /** {@code markdown} as clean HTML. */
  static String render(String markdown) {
    return render(markdown, null);
  }

  /**
   * {@code markdown} as clean HTML; images {@code attachment:NAME} show the cell's attachment of
   * that name ({@code attachments}: name to mime bundle, as nbformat stores them).
   */
  static String render(String markdown, JsonNode attachments) {
    Node doc = PARSER.parse(markdown);
    if (attachments != null && attachments.isObject() && !attachments.isEmpty()) {
      doc.accept(
          new AbstractVisitor() {
            @Override
            public void visit(Image image) {
              String dest = image.getDestination();
              if (dest != null && dest.startsWith(ATTACHMENT)) {
                String uri = attachment(attachments.path(dest.substring(ATTACHMENT.length())));
                if (uri != null) {
                  image.setDestination(uri);
                }
              }
              visitChildren(image);
            }
          });
    }
    return SafeHtml.clean(RENDERER.render(doc));
  }

  private static String attachment(JsonNode bundle) {
    for (String mime : List.of("image/png", "image/jpeg", "image/gif")) {
      JsonNode data = bundle.path(mime);
      if (data.isTextual() || data.isArray()) {
        return DataUri.image(mime, NotebookJson.text(data, "the attachment's " + mime));
      }
    }
    return null;
  }
}
