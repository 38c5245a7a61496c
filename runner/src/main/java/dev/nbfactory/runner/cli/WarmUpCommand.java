package dev.nbfactory.runner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code factory warm-up} (hidden): runs a small stage notebook headless in a scratch folder, so
 * that {@code bin/factory} can record the classes a run loads in a class-data archive or AOT cache
 * and start later runs from it. The notebook ({@code warm-up.ipynb} beside this class) does what
 * stages do: a CSV read into a Table, metrics, a dataset and a Tribuo model written and read back,
 * an XChart chart; each of those loads hundreds of classes a stage would otherwise load and verify
 * from jars.
 */
@Command(name = "warm-up", hidden = true, description = "Record a class-data archive's run.")
final class WarmUpCommand implements Callable<Integer> {
  static final String NOTEBOOK = "warm-up.ipynb";

  private final CliContext context;

  WarmUpCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("factory-warm-up");
    try {
      try (InputStream in = WarmUpCommand.class.getResourceAsStream(NOTEBOOK)) {
        if (in == null) {
          throw new IllegalStateException(NOTEBOOK + " is missing from the factory's jar");
        }
        Files.copy(in, dir.resolve(NOTEBOOK));
      }
      CliContext scratch =
          new CliContext(
              context.out(),
              context.err(),
              Map.of("FACTORY_REGISTRY", dir.resolve(".factory").toString()),
              dir,
              context.clock(),
              context.unicode());
      return FactoryCli.execute(
          scratch, "run", NOTEBOOK, "warm-up-out.ipynb", "-p", "epochs", "4", "--no-progress");
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
