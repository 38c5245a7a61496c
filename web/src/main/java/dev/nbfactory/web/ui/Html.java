package dev.nbfactory.web.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Escaping for text placed in HTML (the magics' escaper): the one way registry and notebook values
 * reach a page.
 */
public final class Html {
  private Html() {}

  /** {@code value} safe as element text and as a quoted attribute value; null becomes "". */
  public static String text(Object value) {
    return dev.nbfactory.magics.magic.Html.escape(value == null ? null : value.toString());
  }

  /** {@code value} as one URL path segment or query value, then escaped for an attribute. */
  public static String url(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
