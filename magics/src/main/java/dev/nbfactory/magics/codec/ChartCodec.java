package dev.nbfactory.magics.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * An XChart chart as a PNG (what the artifact holds, and what any viewer shows) and an SVG (a sharp
 * copy for reports, stored as a second artifact named {@code NAME.svg}).
 */
public final class ChartCodec {
  public static final String PNG = "image/png";
  public static final String SVG = "image/svg+xml";

  private ChartCodec() {}

  public static byte[] png(Chart<?, ?> chart) throws IOException {
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }

  public static byte[] svg(Chart<?, ?> chart) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(
        chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    return out.toByteArray();
  }

  /** The name of the SVG artifact that goes with the chart artifact {@code name}. */
  public static String svgName(String name) {
    return name + ".svg";
  }
}
