package dev.nbfactory.kernel.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class ChartRendererTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final Renderer renderer = new Renderer();

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  ChartRendererTest() {
    ChartRenderer.register(renderer);
  }

  private static XYChart lossCurve() {
    XYChart chart = new XYChartBuilder().width(400).height(300).title("Loss <by epoch>").build();
    chart.addSeries("train", new double[] {1, 2, 3, 4}, new double[] {0.9, 0.5, 0.3, 0.2});
    chart.addSeries("validation", new double[] {1, 2, 3, 4}, new double[] {1.0, 0.7, 0.5, 0.45});
    return chart;
  }

  @Test
  void anXyChartIsAPngByDefaultWithATextFallback() {
    DisplayData data = renderer.render(lossCurve());
    byte[] png = Base64.getDecoder().decode((String) data.getData(MIMEType.IMAGE_PNG));
    assertThat(png).startsWith(PNG_MAGIC);
    assertThat(png.length).isGreaterThan(1000);
    assertThat(data.getData(MIMEType.IMAGE_SVG)).isNull();
    assertThat((String) data.getData(MIMEType.TEXT_PLAIN))
        .isEqualTo("XYChart \"Loss <by epoch>\" (400×300, 2 series: train, validation)");
  }

  @Test
  void svgWhenAsked() {
    DisplayData data = renderer.renderAs(lossCurve(), "image/svg+xml");
    String svg = (String) data.getData(MIMEType.IMAGE_SVG);
    assertThat(svg).contains("<svg").contains("</svg>");
    assertThat(svg.substring(svg.indexOf("<svg"))).startsWith("<svg");
    assertThat(data.getData(MIMEType.IMAGE_PNG)).isNull();
    assertThat(data.getData(MIMEType.TEXT_PLAIN)).isNotNull();
  }

  @Test
  void anyChartKind() {
    CategoryChart bars = new CategoryChartBuilder().width(200).height(150).build();
    bars.addSeries("count", java.util.List.of("a", "b"), java.util.List.of(3, 5));
    DisplayData data = renderer.render(bars);
    assertThat(Base64.getDecoder().decode((String) data.getData(MIMEType.IMAGE_PNG)))
        .startsWith(PNG_MAGIC);
    assertThat((String) data.getData(MIMEType.TEXT_PLAIN))
        .isEqualTo("CategoryChart (200×150, 1 series: count)");
  }
}
