package dev.nbfactory.runner.serve;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.magics.helpers.Datasets;
import dev.nbfactory.registry.Registry;
import java.io.IOException;
import java.nio.file.Path;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import tech.tablesaw.api.Table;

/**
 * The cancer models the serving tests serve, trained in a stage run as a notebook would: version 1
 * a logistic regression, in production; version 2, when asked, a depth-3 tree.
 */
public final class CancerModels {
  /** The shipped Breast Cancer Wisconsin data, from a module's folder. */
  public static final Path DATA =
      Path.of("..", "data", "breast_cancer_wisconsin.csv").toAbsolutePath().normalize();

  private CancerModels() {}

  public static Table data() throws IOException {
    return Table.read().csv(DATA.toFile());
  }

  /** Trains {@code cancer-model} (and a second version when {@code tree}); 1 is production. */
  public static void train(Registry registry, Table cancer, boolean tree) {
    FactorySession session =
        new FactorySession(NotebookContext.builder().registry(registry).build());
    session.stage("train");
    session.output(
        "cancer-model",
        new LogisticRegressionTrainer().train(Datasets.classification(cancer, "diagnosis")));
    if (tree) {
      session.output(
          "cancer-model",
          new CARTClassificationTrainer(3).train(Datasets.classification(cancer, "diagnosis")));
    }
    session.finish();
    registry.setAlias("cancer-model@1", "production", "test");
  }
}
