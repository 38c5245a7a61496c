package dev.nbfactory.web.ui;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text a program wrote for a terminal, as a page shows it: escape sequences removed, carriage
 * returns applied, and very long text cut with a note.
 */
final class TerminalText {
  /** Characters of one output shown; a page stays usable whatever a cell printed. */
  static final int LIMIT = 200_000;

  private static final Pattern ESCAPES =
      Pattern.compile(
          "\u001B\\[[0-?]*[ -/]*[@-~]" // colours, cursor moves
              + "|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?" // window titles, links
              + "|\u001B[ -/]*[0-~]?"); // the rest, and a lone ESC
  private static final Pattern CONTROLS =
      Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

  private TerminalText() {}

  /** {@code text} without escape sequences or control characters, {@code \r} applied. */
  static String plain(String text) {
    String s = ESCAPES.matcher(text).replaceAll("");
    return CONTROLS.matcher(overwrite(s)).replaceAll("");
  }

  /** {@code text} escaped in a {@code <pre>}, cut at {@link #LIMIT} with a note of what is left. */
  static String pre(String cssClass, String text) {
    String shown = head(text);
    StringBuilder html = new StringBuilder(shown.length() + 64);
    html.append("<pre class=\"")
        .append(Html.text(cssClass))
        .append("\">")
        .append(Html.text(shown))
        .append("</pre>");
    if (shown.length() < text.length()) {
      html.append("<p class=\"output-cut\">")
          .append(
              Html.text(
                  String.format(
                      Locale.ROOT, "… %,d more characters", text.length() - shown.length())))
          .append("</p>");
    }
    return html.toString();
  }

  /** The first {@link #LIMIT} characters, never splitting a surrogate pair. */
  static String head(String text) {
    if (text.length() <= LIMIT) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(LIMIT - 1)) ? LIMIT - 1 : LIMIT;
    return text.substring(0, end);
  }

  // A carriage return moves back to the line's start and what follows overwrites, as a terminal
  // shows a progress bar.
  private static String overwrite(String s) {
    if (s.indexOf('\r') < 0) {
      return s;
    }
    String[] lines = s.replace("\r\n", "\n").split("\n", -1);
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < lines.length; i++) {
      if (i > 0) {
        out.append('\n');
      }
      String line = "";
      for (String part : lines[i].split("\r", -1)) {
        line = part + line.substring(Math.min(part.length(), line.length()));
      }
      out.append(line);
    }
    return out.toString();
  }
}
