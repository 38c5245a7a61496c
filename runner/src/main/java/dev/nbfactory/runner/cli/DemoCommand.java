package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.NotFoundException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code factory demo}: the example factory of {@code notebooks/}, run headless as a pipeline on an
 * embedded registry of its own; then the production model's lineage, and where the executed
 * notebooks and the report are.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the example factory (the stage notebooks of notebooks/: ingest, features, train,",
      "evaluate, report, score on the Breast Cancer Wisconsin data) headless as a pipeline, on",
      "an embedded registry in DIR/.factory; then show the model's lineage. Run it again and",
      "every stage is up to date. Then one turn of the feedback loop: the production model",
      "served, requests from a new scanner, outcomes back, live accuracy falls, the --on-metric",
      "trigger retrains, the gate promotes, the server switches, and accuracy recovers."
    })
final class DemoCommand implements Callable<Integer> {
  static final String NOTEBOOKS = "notebooks";
  static final String FIRST_STAGE = "01-ingest.ipynb";
  static final String MODEL = "cancer-model";
  static final String REPORT = "cancer-report";

  private final CliContext context;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Folder for the demo's registry, executed notebooks and report (default: ./demo).")
  private Path dir;

  @Option(
      names = "--notebooks",
      paramLabel = "DIR",
      description = "The stage notebooks (default: notebooks/ of this checkout).")
  private Path notebooks;

  @Option(
      names = "--force",
      description = "Run every stage, up to date or not, and turn the feedback loop again.")
  private boolean force;

  @Option(
      names = "--no-loop",
      description = "Stop after the pipeline: serve nothing and turn no feedback loop.")
  private boolean noLoop;

  @Option(
      names = {"-j", "--jobs"},
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Stages to run at once where the pipeline allows (report and score), as 'pipeline run"
              + " --jobs' (default ${DEFAULT-VALUE}; on 2 cores two stages take as long).")
  private int jobs;

  DemoCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path home = context.cwd().resolve(dir == null ? Path.of("demo") : dir).normalize();
    Path folder = home.resolve(RegistryLocation.FOLDER);
    Path stages = notebooks != null ? context.cwd().resolve(notebooks) : defaultNotebooks();
    if (!Files.isRegularFile(stages.resolve(FIRST_STAGE))) {
      throw new FactoryException(
          "the demo notebooks are missing: " + stages.resolve(FIRST_STAGE) + " does not exist");
    }
    Path output = home.resolve("output");
    // Opening the registry makes it, as 'factory init' would.
    try (Registry registry = Registry.open(RegistryLocation.ofFolder(folder), context.clock())) {
      context.out().println("registry " + registry.location().folder());
    }
    context.out().println("running the pipeline of " + stages + " (progress on stderr) ...");
    String[] pipeline = {
      "--registry",
      folder.toString(),
      "pipeline",
      "run",
      stages.toString(),
      "--output-dir",
      output.toString(),
      "--jobs",
      Integer.toString(jobs)
    };
    if (force) {
      pipeline = java.util.Arrays.copyOf(pipeline, pipeline.length + 1);
      pipeline[pipeline.length - 1] = "--force";
    }
    int code = FactoryCli.execute(context, pipeline);
    if (code != 0) {
      context.err().println("factory demo: a stage failed; its notebook and log are in " + output);
      return code;
    }
    context.out().println();
    context.out().println("lineage of the production model:");
    code =
        FactoryCli.execute(
            context, "--registry", folder.toString(), "lineage", MODEL + "@production");
    Path report = home.resolve("reports").resolve(REPORT + ".md");
    try (Registry registry = Registry.open(RegistryLocation.ofFolder(folder), context.clock())) {
      Files.createDirectories(report.getParent());
      registry.store().copyTo(registry.resolve(REPORT).contentHash(), report);
    } catch (NotFoundException e) {
      throw new FactoryException(
          "the pipeline ran but stored no " + REPORT + ": " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    context.out().println();
    if (!noLoop) {
      boolean turned;
      try (Registry registry = Registry.open(RegistryLocation.ofFolder(folder), context.clock())) {
        turned = DemoLoop.turned(registry);
      }
      if (turned && !force) {
        context
            .out()
            .println(
                "the feedback loop turned already (its outcomes are "
                    + MODEL
                    + ".feedback); --force turns it again");
      } else {
        context.out().println("the feedback loop, one turn:");
        try {
          code = new DemoLoop(context, folder, stages).turn();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 130;
        }
      }
      context.out().println();
    }
    context.out().println("executed notebooks: " + output);
    context.out().println("report: " + report);
    context
        .out()
        .println(
            "explore: factory --registry "
                + home
                + " runs | show RUN | lineage "
                + REPORT
                + " | alias history "
                + MODEL);
    return code;
  }

  /** The checkout's notebooks: bin/factory exports FACTORY_HOME; else look up from here. */
  private Path defaultNotebooks() {
    String home = context.env().get("FACTORY_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home, NOTEBOOKS);
    }
    for (Path p = context.cwd(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(NOTEBOOKS).resolve(FIRST_STAGE))) {
        return p.resolve(NOTEBOOKS);
      }
    }
    throw new FactoryException(
        "cannot find notebooks/"
            + FIRST_STAGE
            + ": run the demo with bin/factory, or give --notebooks DIR");
  }
}
