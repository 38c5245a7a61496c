package dev.nbfactory.web.ui;

/**
 * The frame every page shares: title, navigation, the search box, the UI's own style and script.
 */
final class Layout {
  /** The sections in the navigation, by the path each opens. */
  private static final String[][] SECTIONS = {
    {"/runs", "Runs"},
    {"/artifacts", "Artifacts"},
    {"/models", "Models"},
    {"/metrics", "Metrics"},
    {"/schedules", "Schedules"},
  };

  private Layout() {}

  /** A whole document; {@code body} is HTML already escaped by the page that built it. */
  static String page(String title, String section, String body) {
    StringBuilder out = new StringBuilder(body.length() + 2048);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(Html.text(title))
        .append(" · Notebook Factory</title>")
        .append("<link rel=\"icon\" href=\"data:,\">")
        .append("<link rel=\"stylesheet\" href=\"/static/ui.css\">")
        .append("<link rel=\"stylesheet\" href=\"/static/notebook.css\">")
        .append("<script src=\"/static/ui.js\" defer></script>")
        .append("</head><body><header><a class=\"brand\" href=\"/runs\">Notebook Factory</a><nav>");
    for (String[] s : SECTIONS) {
      out.append("<a href=\"")
          .append(s[0])
          .append('"')
          .append(s[1].equals(section) ? " class=\"current\"" : "")
          .append('>')
          .append(s[1])
          .append("</a>");
    }
    out.append("</nav><form class=\"search\" action=\"/search\" method=\"get\">")
        .append(
            "<input type=\"search\" name=\"q\" placeholder=\"run id, stage, artifact, name@version\"")
        .append(" aria-label=\"Search\"></form></header><main>")
        .append("<h1>")
        .append(Html.text(title))
        .append("</h1>")
        .append(body)
        .append("</main></body></html>\n");
    return out.toString();
  }
}
