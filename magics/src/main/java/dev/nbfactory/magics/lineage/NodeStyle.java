package dev.nbfactory.magics.lineage;

import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.RunStatus;

/**
 * How a node looks: its outline, colours, and the room its outline takes inside the box. Versions
 * take their shape and colour from their kind; runs share one shape (a process box with inner side
 * bars) and take their colour from their status.
 *
 * @param padLeft room on the left before the text area (shape details such as a binding stripe)
 * @param padTop room above the text (a cylinder's top, say)
 */
record NodeStyle(
    Shape shape,
    String fill,
    String stroke,
    boolean dashed,
    double padLeft,
    double padRight,
    double padTop,
    double padBottom) {

  /** The outlines; each draws in a box from (0, 0) to (w, h), sides straight where links end. */
  enum Shape {
    CYLINDER,
    OCTAGON,
    ROUNDED,
    PILL,
    DOCUMENT,
    NOTEBOOK,
    FOLDED,
    PROCESS
  }

  private static final double PAD_X = 12;
  private static final double PAD_Y = 7;

  static NodeStyle of(ArtifactKind kind) {
    return switch (kind) {
      case DATASET -> style(Shape.CYLINDER, "#e0f2fe", "#0284c7", 0, 10, 5);
      case MODEL -> style(Shape.OCTAGON, "#ede9fe", "#7c3aed", 4, 0, 0);
      case CHART -> style(Shape.ROUNDED, "#ccfbf1", "#0d9488", 2, 0, 0);
      case METRIC -> style(Shape.PILL, "#fef9c3", "#a16207", 8, 0, 0);
      case REPORT -> style(Shape.DOCUMENT, "#ffedd5", "#c2410c", 0, 0, 8);
      case NOTEBOOK ->
          new NodeStyle(
              Shape.NOTEBOOK, "#fce7f3", "#be185d", false, PAD_X + 6, PAD_X, PAD_Y, PAD_Y);
      case FILE -> style(Shape.FOLDED, "#f1f5f9", "#475569", 4, 0, 0);
      case EXTERNAL -> style(Shape.FOLDED, "#fef3c7", "#92400e", 4, 0, 0);
    };
  }

  static NodeStyle of(RunStatus status) {
    String[] colours =
        switch (status) {
          case RUNNING -> new String[] {"#eff6ff", "#2563eb"};
          case SUCCEEDED -> new String[] {"#f0fdf4", "#15803d"};
          case FAILED -> new String[] {"#fef2f2", "#dc2626"};
          case KILLED -> new String[] {"#f5f5f4", "#57534e"};
          case TIMED_OUT -> new String[] {"#fff7ed", "#ea580c"};
          case LOST -> new String[] {"#f8fafc", "#64748b"};
        };
    return new NodeStyle(
        Shape.PROCESS,
        colours[0],
        colours[1],
        status == RunStatus.LOST,
        PAD_X + 6,
        PAD_X + 6,
        PAD_Y,
        PAD_Y);
  }

  private static NodeStyle style(
      Shape shape, String fill, String stroke, double extraX, double extraTop, double extraBottom) {
    return new NodeStyle(
        shape,
        fill,
        stroke,
        false,
        PAD_X + extraX,
        PAD_X + extraX,
        PAD_Y + extraTop,
        PAD_Y + extraBottom);
  }

  /** The outline as SVG elements in the node's own coordinates, {@code w} by {@code h}. */
  String outline(double w, double h) {
    String paint =
        " fill=\""
            + fill
            + "\" stroke=\""
            + stroke
            + "\" stroke-width=\"1.5\""
            + (dashed ? " stroke-dasharray=\"5 3\"" : "");
    String line = " fill=\"none\" stroke=\"" + stroke + "\" stroke-width=\"1.5\"";
    return switch (shape) {
      case CYLINDER -> {
        double ry = 5;
        double rx = w / 2;
        yield path(
                "M0,"
                    + n(ry)
                    + " A"
                    + n(rx)
                    + ","
                    + n(ry)
                    + " 0 0 1 "
                    + n(w)
                    + ","
                    + n(ry)
                    + " V"
                    + n(h - ry)
                    + " A"
                    + n(rx)
                    + ","
                    + n(ry)
                    + " 0 0 1 0,"
                    + n(h - ry)
                    + " Z",
                paint)
            + path(
                "M0," + n(ry) + " A" + n(rx) + "," + n(ry) + " 0 0 0 " + n(w) + "," + n(ry), line);
      }
      case OCTAGON -> {
        double c = 8;
        yield path(
            "M" + n(c) + ",0 H" + n(w - c) + " L" + n(w) + "," + n(c) + " V" + n(h - c) + " L"
                + n(w - c) + "," + n(h) + " H" + n(c) + " L0," + n(h - c) + " V" + n(c) + " Z",
            paint);
      }
      case ROUNDED -> rect(w, h, 10, paint);
      case PILL -> rect(w, h, Math.min(h / 2, 16), paint);
      case DOCUMENT -> {
        double wave = 6;
        yield path(
            "M0,0 H"
                + n(w)
                + " V"
                + n(h - wave)
                + " Q"
                + n(w * 0.75)
                + ","
                + n(h - 2.5 * wave)
                + " "
                + n(w / 2)
                + ","
                + n(h - wave)
                + " T0,"
                + n(h - wave)
                + " Z",
            paint);
      }
      case NOTEBOOK ->
          rect(w, h, 3, paint)
              + "<rect x=\"0\" y=\"0\" width=\"6\" height=\""
              + n(h)
              + "\" rx=\"2\" fill=\""
              + stroke
              + "\"/>";
      case FOLDED -> {
        double f = 10;
        yield path("M0,0 H" + n(w - f) + " L" + n(w) + "," + n(f) + " V" + n(h) + " H0 Z", paint)
            + path("M" + n(w - f) + ",0 V" + n(f) + " H" + n(w), line);
      }
      case PROCESS ->
          rect(w, h, 2, paint) + path("M6,0 V" + n(h) + " M" + n(w - 6) + ",0 V" + n(h), line);
    };
  }

  private static String rect(double w, double h, double r, String paint) {
    return "<rect x=\"0\" y=\"0\" width=\""
        + n(w)
        + "\" height=\""
        + n(h)
        + "\" rx=\""
        + n(r)
        + "\""
        + paint
        + "/>";
  }

  private static String path(String d, String paint) {
    return "<path d=\"" + d + "\"" + paint + "/>";
  }

  /** A coordinate to a tenth of a pixel, without a trailing ".0". */
  static String n(double value) {
    long tenths = Math.round(value * 10);
    if (tenths % 10 == 0) {
      return Long.toString(tenths / 10);
    }
    return (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10;
  }
}
