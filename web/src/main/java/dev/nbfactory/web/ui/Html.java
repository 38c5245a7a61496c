package dev.nbfactory.web.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping for text placed in HTML: the one way registry and notebook values reach a page. */
public final class Html {
  private Html() {}

  /** {@code value} safe as element text and as a quoted attribute value; null becomes "". */
  public static String text(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code value} as one URL path segment or query value, then escaped for an attribute. */
  public static String url(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
