package dev.nbfactory.web.ui;

import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

/**
 * The allow-list HTML from a notebook passes before it is placed in a page: formatting, tables,
 * links to http(s), mail and this site, and images that are http(s) or raster data URIs.
 */
final class SafeHtml {
  private static final Safelist SAFELIST = new NotebookSafelist();

  private SafeHtml() {}

  /** {@code html} with every element, attribute and URL the allow-list does not name removed. */
  static String clean(String html) {
    return Jsoup.clean(html, "", SAFELIST, new Document.OutputSettings().prettyPrint(false));
  }

  /**
   * Whether cleaning keeps every element of {@code html}; attributes may go. When it does not
   * (script, style, SVG, forms), showing the cleaned HTML would lose content.
   */
  static boolean keepsContent(String html) {
    Element body = Jsoup.parseBodyFragment(html).body();
    for (Element e : body.getAllElements()) {
      if (e != body && !SAFELIST.isSafeTag(e.normalName())) {
        return false;
      }
    }
    return true;
  }

  /** A link target: relative, an anchor, or http, https or mailto. */
  static boolean isSafeLink(String url) {
    // Browsers drop tabs and newlines anywhere in a URL and spaces and controls around it.
    String u = url.replaceAll("[\\x00-\\x20\\x7F]", "");
    int colon = u.indexOf(':');
    if (colon < 0) {
      return true;
    }
    for (int i = 0; i < colon; i++) {
      char c = u.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        return true; // the colon is in a path, query or fragment: no scheme
      }
    }
    String scheme = u.substring(0, colon).toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https") || scheme.equals("mailto");
  }

  /**
   * An image source: a PNG, JPEG or GIF data URI. Never a path on this site, and never another
   * site: the page's policy loads none, and a reader's address should not reach it.
   */
  static boolean isSafeImage(String src) {
    return DataUri.isSafeImage(src);
  }

  /** Relaxed-like: jsoup's relaxed tags and attributes, a few more for Markdown, URLs checked. */
  private static final class NotebookSafelist extends Safelist {
    NotebookSafelist() {
      addTags(
          "a",
          "abbr",
          "b",
          "blockquote",
          "br",
          "caption",
          "cite",
          "code",
          "col",
          "colgroup",
          "dd",
          "del",
          "details",
          "div",
          "dl",
          "dt",
          "em",
          "figcaption",
          "figure",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "hr",
          "i",
          "img",
          "ins",
          "kbd",
          "li",
          "mark",
          "ol",
          "p",
          "pre",
          "q",
          "s",
          "samp",
          "small",
          "span",
          "strike",
          "strong",
          "sub",
          "summary",
          "sup",
          "table",
          "tbody",
          "td",
          "tfoot",
          "th",
          "thead",
          "tr",
          "u",
          "ul",
          "var");
      addAttributes("a", "href", "title");
      addAttributes("abbr", "title");
      addAttributes("blockquote", "cite");
      addAttributes("col", "span", "width");
      addAttributes("colgroup", "span", "width");
      addAttributes("img", "align", "alt", "height", "src", "title", "width");
      addAttributes("ol", "start", "type");
      addAttributes("q", "cite");
      addAttributes("table", "summary", "width");
      addAttributes("td", "abbr", "align", "axis", "colspan", "rowspan", "width");
      addAttributes("th", "abbr", "align", "axis", "colspan", "rowspan", "scope", "width");
      addAttributes("ul", "type");
      addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");
    }

    @Override
    public boolean isSafeAttribute(String tagName, Element el, Attribute attr) {
      if (!super.isSafeAttribute(tagName, el, attr)) {
        return false;
      }
      return switch (attr.getKey().toLowerCase(Locale.ROOT)) {
        case "href", "cite" -> isSafeLink(attr.getValue());
        case "src" -> isSafeImage(attr.getValue());
        default -> true;
      };
    }
  }
}
