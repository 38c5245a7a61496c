package dev.nbfactory.kernel.render;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.provenance.ModelProvenance;

/**
 * Shows a Tribuo {@link Model} as an HTML summary: its class and name, output domain, number of
 * features, and from its provenance when it was trained, by which trainer, on which dataset.
 */
public final class ModelRenderer {
  /** Output domains larger than this are cut, with a count of the rest. */
  static final int MAX_OUTPUTS_SHOWN = 20;

  private ModelRenderer() {}

  @SuppressWarnings({"unchecked", "rawtypes"}) // Model is generic in its output
  public static void register(Renderer renderer) {
    Class<Model<?>> type = (Class) Model.class;
    renderer
        .createRegistration(type)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_PLAIN)
        .register(ModelRenderer::render);
  }

  static void render(Model<?> model, RenderContext context) {
    context.renderIfRequested(MIMEType.TEXT_HTML, () -> html(model));
    context.getOutputContainer().putText(text(model));
  }

  static String text(Model<?> model) {
    return model.getClass().getSimpleName()
        + " \""
        + model.getName()
        + "\": "
        + model.getOutputIDInfo().size()
        + " outputs, "
        + model.getFeatureIDMap().size()
        + " features";
  }

  static String html(Model<?> model) {
    StringBuilder out = new StringBuilder(1024);
    out.append("<div class=\"factory-model\"><table class=\"dataframe\" border=\"1\">")
        .append("<caption>")
        .append(Html.escape(model.getClass().getSimpleName()))
        .append("</caption><tbody>");
    row(out, "model class", model.getClass().getName());
    row(out, "name", model.getName());
    row(out, "output domain", domain(model));
    row(out, "features", String.valueOf(model.getFeatureIDMap().size()));
    row(out, "probabilities", model.generatesProbabilities() ? "yes" : "no");
    ModelProvenance p = model.getProvenance();
    if (p != null) {
      if (p.getTrainingTime() != null) {
        row(out, "trained at", p.getTrainingTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      }
      if (p.getTrainerProvenance() != null) {
        row(out, "trainer", p.getTrainerProvenance().getClassName());
      }
      if (p.getDatasetProvenance() != null) {
        row(out, "dataset", p.getDatasetProvenance().getClassName());
      }
      row(out, "Tribuo version", p.getTribuoVersion());
    }
    return out.append("</tbody></table></div>").toString();
  }

  private static <T extends Output<T>> String domain(Model<T> model) {
    List<String> names = new ArrayList<>();
    for (T output : model.getOutputIDInfo().getDomain()) {
      names.add(output.getSerializableForm(false));
    }
    names.sort(null);
    if (names.size() > MAX_OUTPUTS_SHOWN) {
      int more = names.size() - MAX_OUTPUTS_SHOWN;
      names = new ArrayList<>(names.subList(0, MAX_OUTPUTS_SHOWN));
      names.add("… " + more + " more");
    }
    return String.join(", ", names);
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append("<tr><th>")
        .append(Html.escape(name))
        .append("</th><td>")
        .append(Html.escape(value))
        .append("</td></tr>");
  }
}
