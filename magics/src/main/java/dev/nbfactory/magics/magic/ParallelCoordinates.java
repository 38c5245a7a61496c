package dev.nbfactory.magics.magic;

import dev.nbfactory.registry.RunComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parallel-coordinates chart as inline SVG: one vertical axis per numeric parameter and metric
 * that differs, scaled to its own range, one line per run: what {@code %compare} and {@code factory
 * ui}'s compare page draw. Every text is escaped.
 */
public final class ParallelCoordinates {
  private static final String[] COLOURS = {
    "#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#be123c", "#4d7c0f",
    "#7c3aed", "#0f766e"
  };
  private static final double AXIS_GAP = 140;
  private static final double TOP = 40;
  private static final double HEIGHT = 260;

  private ParallelCoordinates() {}

  /** The chart, or "" when fewer than two numeric columns differ. */
  public static String svg(RunComparison comparison) {
    List<String> names = new ArrayList<>();
    List<List<Double>> columns = new ArrayList<>();
    for (RunComparison.Row<String> row : comparison.parameters()) {
      List<Double> numbers = numbers(row.values());
      if (row.differs() && numbers != null) {
        names.add(row.name());
        columns.add(numbers);
      }
    }
    for (RunComparison.Row<Double> row : comparison.metrics()) {
      if (row.differs() && row.values().stream().allMatch(v -> v == null || Double.isFinite(v))) {
        names.add(row.name());
        columns.add(row.values());
      }
    }
    if (names.size() < 2) {
      return "";
    }
    int runs = comparison.runs().size();
    double width = 60 + AXIS_GAP * (names.size() - 1) + 60;
    double height = TOP + HEIGHT + 70;
    StringBuilder svg = new StringBuilder(4096);
    svg.append("<svg class=\"parallel\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(n(width))
        .append("\" height=\"")
        .append(n(height))
        .append("\" viewBox=\"0 0 ")
        .append(n(width))
        .append(' ')
        .append(n(height))
        .append("\" font-size=\"11\" font-family=\"sans-serif\">");
    double[] min = new double[names.size()];
    double[] max = new double[names.size()];
    for (int a = 0; a < names.size(); a++) {
      min[a] = Double.POSITIVE_INFINITY;
      max[a] = Double.NEGATIVE_INFINITY;
      for (Double v : columns.get(a)) {
        if (v != null) {
          min[a] = Math.min(min[a], v);
          max[a] = Math.max(max[a], v);
        }
      }
      double x = 60 + a * AXIS_GAP;
      svg.append("<line x1=\"")
          .append(n(x))
          .append("\" y1=\"")
          .append(n(TOP))
          .append("\" x2=\"")
          .append(n(x))
          .append("\" y2=\"")
          .append(n(TOP + HEIGHT))
          .append("\" stroke=\"#334155\"/>")
          .append(text(x, TOP - 22, names.get(a), "bold"))
          .append(text(x, TOP - 8, Html.number(max[a]), "normal"))
          .append(text(x, TOP + HEIGHT + 14, Html.number(min[a]), "normal"));
    }
    for (int r = 0; r < runs; r++) {
      StringBuilder points = new StringBuilder();
      for (int a = 0; a < names.size(); a++) {
        Double v = columns.get(a).get(r);
        if (v == null) {
          continue;
        }
        double span = max[a] - min[a];
        double y = TOP + HEIGHT - (span == 0 ? 0.5 : (v - min[a]) / span) * HEIGHT;
        points.append(n(60 + a * AXIS_GAP)).append(',').append(n(y)).append(' ');
      }
      String colour = COLOURS[r % COLOURS.length];
      svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
          .append(colour)
          .append("\" points=\"")
          .append(points.toString().strip())
          .append("\"><title>")
          .append(Html.escape(comparison.runs().get(r).shortId()))
          .append("</title></polyline>");
      svg.append("<text x=\"")
          .append(n(10 + (r % 8) * 90))
          .append("\" y=\"")
          .append(n(TOP + HEIGHT + 40 + (r / 8) * 14))
          .append("\" fill=\"")
          .append(colour)
          .append("\">")
          .append(Html.escape(comparison.runs().get(r).shortId()))
          .append("</text>");
    }
    return svg.append("</svg>").toString();
  }

  /** The values as numbers, or null when any present one is not a number. */
  private static List<Double> numbers(List<String> values) {
    List<Double> out = new ArrayList<>();
    for (String v : values) {
      if (v == null) {
        out.add(null);
        continue;
      }
      try {
        double d = Double.parseDouble(v);
        if (!Double.isFinite(d)) {
          return null;
        }
        out.add(d);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return out;
  }

  private static String text(double x, double y, String s, String weight) {
    return "<text x=\""
        + n(x)
        + "\" y=\""
        + n(y)
        + "\" text-anchor=\"middle\" font-weight=\""
        + weight
        + "\">"
        + Html.escape(s)
        + "</text>";
  }

  private static String n(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
