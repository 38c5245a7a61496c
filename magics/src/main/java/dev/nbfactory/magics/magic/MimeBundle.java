package dev.nbfactory.magics.magic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a magic shows: the same content in several MIME types, richest first, always with a {@code
 * text/plain} fallback for consoles and logs.
 */
public record MimeBundle(Map<String, String> data) {

  public MimeBundle {
    if (!data.containsKey("text/plain")) {
      throw new IllegalArgumentException("a MimeBundle needs a text/plain fallback");
    }
    data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  public static MimeBundle html(String html, String text) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("text/html", html);
    data.put("text/plain", text);
    return new MimeBundle(data);
  }

  /**
   * An SVG drawing, also inline in {@code text/html}: nbconvert's HTML export (6.5.1 and later)
   * strips the elements out of every {@code image/svg+xml} output, and keeps HTML as it is;
   * frontends prefer the HTML, and show the same SVG, its tooltips included.
   */
  public static MimeBundle svg(String svg, String text) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(
        "text/html", svg.startsWith("<?xml") ? svg.substring(svg.indexOf("?>") + 2).strip() : svg);
    data.put("image/svg+xml", svg);
    data.put("text/plain", text);
    return new MimeBundle(data);
  }

  public static MimeBundle text(String text) {
    return new MimeBundle(Map.of("text/plain", text));
  }
}
