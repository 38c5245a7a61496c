package dev.nbfactory.kernel.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Shows an XChart chart (any {@link Chart}: XY, category, pie...) as a PNG image, or as SVG when
 * asked with {@code render(chart, "image/svg+xml")}; always with a text/plain description for
 * clients that show no images.
 */
public final class ChartRenderer {
  private ChartRenderer() {}

  @SuppressWarnings({"unchecked", "rawtypes"}) // Chart is generic in its styler and series
  public static void register(Renderer renderer) {
    Class<Chart<?, ?>> type = (Class) Chart.class;
    renderer
        .createRegistration(type)
        .preferring(MIMEType.IMAGE_PNG)
        .supporting(MIMEType.IMAGE_SVG, MIMEType.TEXT_PLAIN)
        .register(ChartRenderer::render);
  }

  static void render(Chart<?, ?> chart, RenderContext context) {
    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> png(chart));
    context.renderIfRequested(MIMEType.IMAGE_SVG, () -> svg(chart));
    context.getOutputContainer().putText(text(chart));
  }

  /** The chart as a base64 PNG, as Jupyter carries images. */
  static String png(Chart<?, ?> chart) {
    try {
      return Base64.getEncoder()
          .encodeToString(BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("could not draw the chart as PNG", e);
    }
  }

  static String svg(Chart<?, ?> chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(
          chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException("could not draw the chart as SVG", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String text(Chart<?, ?> chart) {
    String title = chart.getTitle();
    return chart.getClass().getSimpleName()
        + (title == null || title.isBlank() ? "" : " \"" + title + "\"")
        + " ("
        + chart.getWidth()
        + "×"
        + chart.getHeight()
        + ", "
        + chart.getSeriesMap().size()
        + " series"
        + (chart.getSeriesMap().isEmpty()
            ? ""
            : ": " + String.join(", ", chart.getSeriesMap().keySet()))
        + ")";
  }
}
