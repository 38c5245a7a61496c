package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.runner.demo.DemoFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code factory demo}: the example factory, headless, on an embedded registry of its own; then the
 * report's lineage and the runs, as any user would look at them.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the example factory headless on an embedded registry in DIR/.factory:",
      "ingest cleans the Breast Cancer Wisconsin data and records data-quality metrics,",
      "profile writes a Markdown report of its columns. Stages whose inputs and parameters",
      "are unchanged since their last successful run are reported up to date."
    })
final class DemoCommand implements Callable<Integer> {
  static final String DATA_FILE = "breast_cancer_wisconsin.csv";

  private final CliContext context;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Folder for the demo's registry and report (default: ./demo).")
  private Path dir;

  @Option(
      names = "--data",
      paramLabel = "CSV",
      description = "The data set (default: data/" + DATA_FILE + " of this checkout).")
  private Path data;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path home = context.cwd().resolve(dir == null ? Path.of("demo") : dir).normalize();
    Path folder = home.resolve(RegistryLocation.FOLDER);
    Path csv = data != null ? context.cwd().resolve(data) : defaultData();
    List<DemoFactory.StageOutcome> outcomes;
    Path report = home.resolve("reports").resolve(DemoFactory.PROFILE + ".md");
    try (Registry registry = Registry.open(RegistryLocation.ofFolder(folder), context.clock())) {
      context.out().println("registry " + folder);
      outcomes = new DemoFactory(registry).run(csv);
      for (DemoFactory.StageOutcome outcome : outcomes) {
        context
            .out()
            .printf(
                "  %-8s %s  run %s  -> %s%n",
                outcome.stage(),
                outcome.upToDate() ? "up to date" : "ran       ",
                outcome.run().shortId(),
                String.join(", ", outcome.outputs().stream().map(ArtifactVersion::ref).toList()));
      }
      Files.createDirectories(report.getParent());
      registry.store().copyTo(registry.resolve(DemoFactory.PROFILE).contentHash(), report);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    context.out().println();
    context.out().println("lineage of the report:");
    int code =
        FactoryCli.execute(
            context, "--registry", folder.toString(), "lineage", DemoFactory.PROFILE);
    context.out().println();
    if (code == 0) {
      code = FactoryCli.execute(context, "--registry", folder.toString(), "runs", "--limit", "10");
    }
    context.out().println();
    context.out().println("report: " + report);
    context
        .out()
        .println("explore: factory --registry " + home + " runs | show RUN | lineage NAME");
    return code;
  }

  /** The checkout's data folder: bin/factory exports FACTORY_HOME; else look up from here. */
  private Path defaultData() {
    String home = context.env().get("FACTORY_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home, "data", DATA_FILE);
    }
    for (Path p = context.cwd(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("data").resolve(DATA_FILE);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new FactoryException(
        "cannot find data/" + DATA_FILE + ": run the demo with bin/factory, or give --data CSV");
  }
}
