package dev.nbfactory.kernel.render;

import java.util.Map;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

/**
 * jjava-jupyter's renderer, except that a {@link DisplayData} renders as itself: {@code
 * display(render(chart, "image/svg+xml"))} shows the SVG rather than {@code DisplayData@1b2c3d}.
 */
public final class KernelRenderer extends Renderer {
  @Override
  public DisplayData render(Object value, Map<String, Object> params) {
    return value instanceof DisplayData d ? d : super.render(value, params);
  }

  @Override
  public DisplayData render(Object value) {
    return value instanceof DisplayData d ? d : super.render(value);
  }
}
