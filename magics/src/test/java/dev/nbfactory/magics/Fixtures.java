package dev.nbfactory.magics;

import dev.nbfactory.registry.Registry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Small real objects for the tests: tables, Tribuo datasets, sessions on a temp registry. */
final class Fixtures {
  private Fixtures() {}

  /** A session on the test's registry, with warnings collected in {@code warnings}. */
  static FactorySession session(Registry registry, Path notebook, List<String> warnings) {
    return new FactorySession(
        NotebookContext.builder()
            .registry(registry)
            .notebookPath(notebook)
            .classpath(() -> List.of("tech.tablesaw:tablesaw-core:0.44.4"))
            .warnings(warnings::add)
            .build());
  }

  static FactorySession session(Registry registry) {
    return session(registry, null, new ArrayList<>());
  }

  static Table customers() {
    return Table.create(
        "customers",
        IntColumn.create("id", new int[] {1, 2, 3}),
        StringColumn.create("plan", new String[] {"basic", "pro", "basic"}),
        DoubleColumn.create("spend", new double[] {10.5, 99.0, 12.25}));
  }

  static MutableDataset<Label> labelled(int n) {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("two blobs", factory), factory);
    Random random = new Random(42);
    for (int i = 0; i < n; i++) {
      double x = random.nextGaussian();
      double y = random.nextGaussian();
      String label = x + y > 0 ? "churn" : "stay";
      data.add(new ArrayExample<>(new Label(label), new String[] {"x", "y"}, new double[] {x, y}));
    }
    return data;
  }

  static MutableDataset<Regressor> regression(int n) {
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("a line", factory), factory);
    Random random = new Random(7);
    for (int i = 0; i < n; i++) {
      double x = random.nextDouble();
      double target = 3 * x + 1 + random.nextGaussian() * 0.01;
      data.add(
          new ArrayExample<>(new Regressor("y", target), new String[] {"x"}, new double[] {x}));
    }
    return data;
  }
}
