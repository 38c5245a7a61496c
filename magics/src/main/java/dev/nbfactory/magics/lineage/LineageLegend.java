package dev.nbfactory.magics.lineage;

import static dev.nbfactory.magics.lineage.NodeStyle.n;

import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The key to shapes and colours of a lineage picture, in rows under the graph. */
record LineageLegend(List<Item> items) {
  /** Root, the kinds and run statuses shown, and the arrow when the history goes on. */
  static LineageLegend of(
      Set<ArtifactKind> kinds, Set<RunStatus> statuses, boolean goesOn, boolean upstream) {
    List<Item> items = new ArrayList<>();
    items.add(new Item("root", null, LineageSvg.ROOT_COLOUR, false));
    for (ArtifactKind kind : kinds) {
      NodeStyle style = NodeStyle.of(kind);
      items.add(new Item(Texts.lower(kind), style.fill(), style.stroke(), false));
    }
    for (RunStatus status : statuses) {
      NodeStyle style = NodeStyle.of(status);
      items.add(
          new Item(
              "run " + Texts.lower(status).replace('_', ' '), style.fill(), style.stroke(), true));
    }
    if (goesOn) {
      items.add(
          new Item(upstream ? "more upstream" : "more downstream", null, "#94a3b8", false, true));
    }
    return new LineageLegend(items);
  }

  private static final double SWATCH = 18;
  private static final double SIZE = 11;

  record Item(String label, String fill, String stroke, boolean run, boolean arrow) {
    Item(String label, String fill, String stroke, boolean run) {
      this(label, fill, stroke, run, false);
    }

    double width() {
      return SWATCH + 6 + TextWidth.of(label, SIZE, false) + 16;
    }
  }

  double minWidth() {
    double widest = 0;
    for (Item item : items) {
      widest = Math.max(widest, item.width());
    }
    return widest + 2 * LineageSvg.SIDE_MARGIN;
  }

  /** The items row by row, packed into {@code room} pixels a row. */
  List<List<Item>> rows(double room) {
    List<List<Item>> rows = new ArrayList<>();
    List<Item> row = new ArrayList<>();
    double used = 0;
    for (Item item : items) {
      if (!row.isEmpty() && used + item.width() > room) {
        rows.add(row);
        row = new ArrayList<>();
        used = 0;
      }
      row.add(item);
      used += item.width();
    }
    if (!row.isEmpty()) {
      rows.add(row);
    }
    return rows;
  }

  void render(StringBuilder svg, List<List<Item>> rows, double top) {
    svg.append("<g class=\"legend\" font-size=\"").append(n(SIZE)).append("\">\n");
    double y = top;
    for (List<Item> row : rows) {
      double x = LineageSvg.SIDE_MARGIN;
      for (Item item : row) {
        double mid = y + LineageSvg.LEGEND_ROW / 2;
        if (item.arrow()) {
          svg.append("<path d=\"M")
              .append(n(x))
              .append(',')
              .append(n(mid))
              .append(" H")
              .append(n(x + SWATCH))
              .append("\" stroke=\"")
              .append(item.stroke())
              .append("\" stroke-width=\"1.4\" stroke-dasharray=\"3 3\"/>\n");
        } else {
          svg.append("<rect x=\"")
              .append(n(x))
              .append("\" y=\"")
              .append(n(mid - 6))
              .append("\" width=\"")
              .append(n(SWATCH))
              .append("\" height=\"12\" rx=\"2\" fill=\"")
              .append(item.fill() == null ? "none" : item.fill())
              .append("\" stroke=\"")
              .append(item.stroke())
              .append("\" stroke-width=\"")
              .append(item.fill() == null ? "2.5" : "1.5")
              .append("\"/>\n");
          if (item.run()) {
            svg.append("<path d=\"M")
                .append(n(x + 4))
                .append(',')
                .append(n(mid - 6))
                .append(" v12 M")
                .append(n(x + SWATCH - 4))
                .append(',')
                .append(n(mid - 6))
                .append(" v12\" stroke=\"")
                .append(item.stroke())
                .append("\" stroke-width=\"1.2\"/>\n");
          }
        }
        svg.append("<text x=\"")
            .append(n(x + SWATCH + 6))
            .append("\" y=\"")
            .append(n(mid + 4))
            .append("\" fill=\"")
            .append(LineageSvg.DETAIL_COLOUR)
            .append("\">")
            .append(Xml.escape(item.label()))
            .append("</text>\n");
        x += item.width();
      }
      y += LineageSvg.LEGEND_ROW;
    }
    svg.append("</g>\n");
  }
}
