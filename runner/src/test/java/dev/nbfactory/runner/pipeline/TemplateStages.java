package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.runner.execute.FactoryProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every template made into a stage notebook on the Breast Cancer Wisconsin data, as a user would:
 * {@code factory new} with the parameters the data needs, then the templates' placeholder artifact
 * names replaced by the user's ({@code cancer}, {@code my-model}).
 */
public final class TemplateStages {
  /** The stage notebooks in {@code stages/}, in an order where each reads what an earlier wrote. */
  public static final List<String> NOTEBOOKS =
      List.of(
          "a-ingest.ipynb",
          "b-train.ipynb",
          "c-regress.ipynb",
          "d-evaluate.ipynb",
          "e-score.ipynb",
          "f-drift.ipynb");

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  // The templates' placeholders, as they are written in a notebook's JSON.
  private static final Map<String, String> NAMES =
      Map.of(
          "my-train", "cancer",
          "my-test", "cancer",
          "my-batch", "cancer",
          "my-data-clean", "cancer",
          "\\\"my-data\\\")", "\\\"cancer\\\")",
          "\\\"my-data@\\\"", "\\\"cancer@\\\"");

  private TemplateStages() {}

  /**
   * Writes the stage notebooks into {@code dir/stages/} with the {@code factory} command run in
   * {@code dir}, the templates and data taken from {@code checkout}.
   */
  public static void create(Path dir, Path checkout) throws IOException, InterruptedException {
    String csv = checkout.resolve("data/breast_cancer_wisconsin.csv").toString();
    Map<String, String> env = Map.of("FACTORY_HOME", checkout.toString());
    factory(
        dir,
        env,
        "a-ingest",
        "csv-ingest",
        "data",
        csv,
        "labelColumn",
        "diagnosis",
        "minRows",
        "50");
    factory(dir, env, "b-train", "train-classifier", "labelColumn", "diagnosis", "epochs", "5");
    factory(
        dir, env, "c-regress", "train-regressor", "targetColumn", "mean_area", "algorithm", "cart");
    factory(dir, env, "d-evaluate", "evaluate-gate", "labelColumn", "diagnosis");
    factory(dir, env, "e-score", "batch-scoring");
    factory(dir, env, "f-drift", "drift-check", "failAbove", "100");
    for (String name : NOTEBOOKS) {
      Path notebook = dir.resolve("stages").resolve(name);
      String text = Files.readString(notebook);
      for (var e : NAMES.entrySet()) {
        text = text.replace(e.getKey(), e.getValue());
      }
      Files.writeString(notebook, text);
    }
  }

  /** {@code factory new stages/STAGE.ipynb --template TEMPLATE -p NAME VALUE ...}. */
  private static void factory(
      Path dir, Map<String, String> env, String stage, String template, String... parameters)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("new", "stages/" + stage + ".ipynb", "--template", template));
    for (int i = 0; i < parameters.length; i += 2) {
      args.addAll(List.of("-p", parameters[i], parameters[i + 1]));
    }
    var r = FactoryProcess.run(dir, env, TIMEOUT, args.toArray(String[]::new));
    assertThat(r.exitCode()).as("factory %s: %s", String.join(" ", args), r.stderr()).isZero();
  }
}
