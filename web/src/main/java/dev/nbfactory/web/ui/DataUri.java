package dev.nbfactory.web.ui;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/** The {@code data:} image URIs a notebook page may show: base64 raster images, and SVG. */
final class DataUri {
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern SAFE_IMAGE =
      Pattern.compile("data:image/(?:png|jpeg|gif);base64,[A-Za-z0-9+/\\s]*=*\\s*");

  private DataUri() {}

  /** A data URI of base64 image bytes as nbformat stores them, or null when it is not base64. */
  static String image(String mime, String base64) {
    String compact = WHITESPACE.matcher(base64).replaceAll("");
    if (compact.isEmpty() || !BASE64.matcher(compact).matches()) {
      return null;
    }
    return "data:" + mime + ";base64," + compact;
  }

  /** SVG as an image's data URI: in an {@code <img>} an SVG runs no script and loads nothing. */
  static String svg(String svg) {
    return "data:image/svg+xml;base64,"
        + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code src} is a PNG, JPEG or GIF data URI; SVG or HTML in a data URI are not. */
  static boolean isSafeImage(String src) {
    return SAFE_IMAGE.matcher(src.toLowerCase(Locale.ROOT).strip()).matches();
  }
}
