package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.runner.execute.KernelDeath;
import dev.nbfactory.runner.execute.Progress;
import dev.nbfactory.runner.execute.RunContract;
import dev.nbfactory.runner.notebook.NotebookDocument;
import dev.nbfactory.runner.params.ChildParameters;
import dev.nbfactory.runner.params.ParameterBinding;
import dev.nbfactory.runner.params.ParameterTranslator;
import dev.nbfactory.runner.params.ParameterValues;
import dev.nbfactory.runner.pipeline.LiveProgress;
import dev.nbfactory.runner.pipeline.PipelinePlan;
import dev.nbfactory.runner.pipeline.PipelineProgress;
import dev.nbfactory.runner.pipeline.PipelineRunner;
import dev.nbfactory.runner.pipeline.RegistryUpToDate;
import dev.nbfactory.runner.pipeline.StageNotebook;
import dev.nbfactory.runner.pipeline.StageResult;
import dev.nbfactory.runner.pipeline.StageScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory pipeline plan|run}: stage notebooks as one pipeline. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = {
      "Run stage notebooks as a pipeline.",
      "Stage B follows stage A when B reads an artifact A writes, as their code says:",
      "%%stage / Factory.stage(\"name\") names a stage (else the file name), %%input and",
      "Factory.input|table|model|path(\"name\") read, %%output and Factory.output(\"name\", ..)",
      "write. Only names written as string literals count."
    },
    subcommands = {PipelineCommand.Plan.class, PipelineCommand.Run.class})
final class PipelineCommand implements Callable<Integer> {
  private final CliContext context;

  PipelineCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.err().println("factory: say 'factory pipeline plan' or 'factory pipeline run'");
    return 2;
  }

  /** What both subcommands read. */
  static final class Selection {
    @Parameters(
        arity = "1..*",
        paramLabel = "DIR_OR_NOTEBOOK",
        description = "Folders of notebooks (the .ipynb files in them) or notebooks.")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--only", paramLabel = "STAGE", description = "Just this stage.")
    String only;

    @Option(
        names = "--from",
        paramLabel = "STAGE",
        description = "This stage and everything downstream of it.")
    String from;

    @Option(
        names = {"-p", "--parameters"},
        arity = "2",
        paramLabel = "STAGE.NAME VALUE",
        description = "A parameter for one stage, such as -p train.epochs 20.")
    List<String> parameters = new ArrayList<>();

    PipelinePlan plan(CliContext context) {
      List<Path> resolved = sources.stream().map(context.cwd()::resolve).toList();
      return PipelinePlan.of(
          PipelinePlan.notebooks(resolved).stream().map(StageScanner::scan).toList());
    }

    Set<String> selected(PipelinePlan plan) {
      if (only != null && from != null) {
        throw new dev.nbfactory.registry.InvalidInputException("give --only or --from, not both");
      }
      if (only != null) {
        plan.stage(only);
        return Set.of(only);
      }
      return from == null ? null : plan.fromStage(from);
    }

    /** Stage name to its -p values, in command-line text. */
    Map<String, Map<String, String>> stageParameters(PipelinePlan plan) {
      Map<String, Map<String, String>> out = new LinkedHashMap<>();
      for (int i = 0; i + 1 < parameters.size(); i += 2) {
        String key = parameters.get(i);
        int dot = key.lastIndexOf('.');
        if (dot <= 0) {
          throw new dev.nbfactory.registry.InvalidInputException(
              "-p " + key + ": name the stage too, as STAGE.NAME (such as train.epochs)");
        }
        String stage = key.substring(0, dot);
        plan.stage(stage);
        String name = key.substring(dot + 1);
        ParameterTranslator.checkName(name);
        out.computeIfAbsent(stage, s -> new LinkedHashMap<>()).put(name, parameters.get(i + 1));
      }
      return out;
    }
  }

  /** The parameters a stage runs with, as its run records them (secrets masked). */
  static Map<String, String> effective(
      StageNotebook stage, Map<String, String> given, Map<String, String> env) {
    ParameterValues values = new ParameterValues();
    given.forEach(values::text);
    String cell = NotebookDocument.read(stage.path()).parametersSource();
    return ParameterBinding.of(cell, values.values(), env).recorded();
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      description = "Show the stages in the order they run, and which are up to date.")
  static final class Plan extends RegistryCommand {
    @Mixin Selection selection = new Selection();

    Plan(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) {
      PipelinePlan plan = selection.plan(context);
      Set<String> selected = selection.selected(plan);
      Map<String, Map<String, String>> params = selection.stageParameters(plan);
      RegistryUpToDate upToDate =
          new RegistryUpToDate(
              registry, s -> effective(s, params.getOrDefault(s.stage(), Map.of()), context.env()));
      int i = 0;
      for (String name : plan.order()) {
        if (selected != null && !selected.contains(name)) {
          continue;
        }
        StageNotebook s = plan.stage(name);
        Optional<String> fresh = upToDate.check(s);
        context
            .out()
            .printf(
                "%d. %s (%s)%s%n",
                ++i,
                name,
                context.cwd().relativize(s.path().toAbsolutePath()),
                fresh.map(w -> "  up to date: " + w).orElse("  will run"));
        if (!plan.dependencies(name).isEmpty()) {
          context.out().println("     after: " + String.join(", ", plan.dependencies(name)));
        }
        if (!s.inputRefs().isEmpty() || !s.files().isEmpty()) {
          List<String> reads = new ArrayList<>(s.files());
          reads.addAll(s.inputRefs());
          context.out().println("     reads: " + String.join(", ", reads));
        }
        if (!s.outputs().isEmpty()) {
          context.out().println("     writes: " + String.join(", ", s.outputs()));
        }
      }
      return 0;
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run the stages in order, each in a JVM of its own, independent ones in parallel.",
        "A stage whose code, parameters and input versions equal those of its last successful",
        "run is skipped; a failed stage stops what reads from it. Exit code 1 when one failed."
      })
  static final class Run extends RegistryCommand {
    @Mixin Selection selection = new Selection();

    @Mixin GridOptions grid = new GridOptions();

    @Option(
        names = {"-j", "--jobs"},
        defaultValue = "1",
        paramLabel = "N",
        description = "Stages to run at once (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--force", description = "Run every selected stage, up to date or not.")
    boolean force;

    @Option(
        names = "--output-dir",
        paramLabel = "DIR",
        defaultValue = "output",
        description =
            "Where executed notebooks and logs go, one per stage (default ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description =
            "The pipeline's name in the registry, where it is recorded as a run of its own that"
                + " its stages' runs belong to (default: the folder's name).")
    String name;

    Run(CliContext context) {
      super(context);
    }

    @Override
    void validate() {
      if (jobs < 1) {
        throw usageError("--jobs must be 1 or more, not " + jobs);
      }
    }

    @Override
    int run(Registry registry) throws IOException, InterruptedException {
      PipelinePlan plan = selection.plan(context);
      Set<String> selected = selection.selected(plan);
      Map<String, Map<String, String>> params = selection.stageParameters(plan);
      Path out = context.outputPath(outputDir, "--output-dir");
      try {
        Files.createDirectories(out);
      } catch (IOException | SecurityException e) {
        // a file there, or a place that cannot be written: bad input, before any run opens
        throw new dev.nbfactory.registry.InvalidInputException(
            "cannot make --output-dir "
                + out
                + ": "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage())
                + "; choose a folder you can write");
      }
      if (grid.active() || grid.promoteBest != null || grid.experiment != null) {
        return new GridRun(context, registry, grid, plan, selected, params, out)
            .run(pipelineName(plan), jobs, force);
      }
      RegistryUpToDate upToDate =
          new RegistryUpToDate(
              registry, s -> effective(s, params.getOrDefault(s.stage(), Map.of()), context.env()));
      String pipeline = pipelineName(plan);
      RunContract contract = RunContract.fromEnvironment(context.env());
      dev.nbfactory.registry.Run own;
      try {
        own =
            registry.startRun(
                PipelineFiring.apply(
                        contract,
                        RunStart.builder(pipeline)
                            .kind(RunKind.PIPELINE)
                            .description("pipeline of " + plan.order().size() + " stages"))
                    .build());
      } catch (dev.nbfactory.registry.FiringTakenException e) {
        context.err().println("factory pipeline: " + e.getMessage() + "; not run again");
        return dev.nbfactory.runner.execute.ExitCode.FIRING_TAKEN.code();
      }
      PipelineFiring firing = PipelineFiring.started(contract, registry, own.id());
      Map<String, String> childEnv = new LinkedHashMap<>(registry.location().environment());
      childEnv.putAll(RunContract.pipelineStage(own.id()).toEnvironment());
      java.util.function.Function<StageNotebook, ChildRun.Command> commands =
          stage -> {
            String file = ArtifactNames.validateStage(stage.stage()) + ".ipynb";
            List<String> args = new ArrayList<>();
            args.addAll(
                List.of(
                    "run",
                    stage.path().toAbsolutePath().toString(),
                    out.resolve(file).toString(),
                    "--progress")); // plain lines into the log, read back by the live view
            ChildParameters given =
                ChildParameters.of(
                    params.getOrDefault(stage.stage(), Map.of()),
                    ChildParameters.marksOf(stage.path()));
            args.addAll(given.arguments());
            Map<String, String> env = new LinkedHashMap<>(childEnv);
            env.putAll(given.environment());
            return new ChildRun.Command(args, env, out.resolve(stage.stage() + ".log"));
          };
      WarmStages stageJvms =
          new WarmStages(
              context,
              plan.order().stream()
                  .filter(s -> selected == null || selected.contains(s))
                  .map(plan::stage)
                  .toList(),
              commands,
              jobs);
      PipelineRunner.StageLauncher launcher =
          stage -> {
            String file = ArtifactNames.validateStage(stage.stage()) + ".ipynb";
            java.time.Instant started = context.clock().instant();
            int code = stageJvms.run(stage);
            if (KernelDeath.isDeath(code)) {
              KernelDeath.record(registry, stage.stage(), started, out.resolve(file), code);
              throw new IllegalStateException(KernelDeath.describe(code));
            }
            return code;
          };
      context
          .err()
          .println("factory pipeline: " + plan.order().size() + " stages, " + jobs + " at a time");
      // A pipeline stopped by a signal says so; its stages' children are stopped by ChildRun.
      Thread onSignal =
          new Thread(
              () -> finishQuietly(registry, own.id(), "the pipeline was stopped by a signal"),
              "factory-pipeline-sigterm");
      Runtime.getRuntime().addShutdownHook(onSignal);
      List<StageResult> results = List.of();
      RunStatus status = RunStatus.FAILED;
      String error = "the pipeline stopped";
      try (stageJvms;
          PipelineProgress progress = progress(plan, selected, out)) {
        results = new PipelineRunner(plan, jobs, force, launcher, upToDate, progress).run(selected);
        List<String> notDone =
            results.stream()
                .filter(
                    r ->
                        r.state() == StageResult.State.FAILED
                            || r.state() == StageResult.State.BLOCKED)
                .map(r -> r.stage() + " " + r.state().name().toLowerCase(java.util.Locale.ROOT))
                .toList();
        status = notDone.isEmpty() ? RunStatus.SUCCEEDED : RunStatus.FAILED;
        error = notDone.isEmpty() ? null : "stages not done: " + String.join(", ", notDone);
      } catch (InterruptedException e) {
        status = RunStatus.KILLED;
        error = "the pipeline was interrupted";
        throw e;
      } finally {
        firing.close();
        try {
          Runtime.getRuntime().removeShutdownHook(onSignal);
          registry.finishRun(own.id(), status, error);
        } catch (IllegalStateException e) {
          // shutting down: the hook finishes the run
        }
      }
      long failed = results.stream().filter(r -> r.state() == StageResult.State.FAILED).count();
      long ran = results.stream().filter(r -> r.state() == StageResult.State.SUCCEEDED).count();
      long skipped = results.stream().filter(r -> r.state() == StageResult.State.SKIPPED).count();
      long blocked = results.stream().filter(r -> r.state() == StageResult.State.BLOCKED).count();
      context
          .err()
          .printf(
              "factory pipeline: %d ran, %d up to date, %d failed, %d not run; notebooks and logs in %s%n",
              ran, skipped, failed, blocked, context.cwd().relativize(out));
      return failed + blocked > 0 ? ErrorReporter.FAILED : 0;
    }

    private static void finishQuietly(Registry registry, String runId, String why) {
      try {
        registry.finishRun(runId, RunStatus.KILLED, why);
      } catch (RuntimeException e) {
        // already finished, or the registry is gone with this JVM
      }
    }

    /** {@code --name}, else the first folder's name; never one of its stages' names. */
    private String pipelineName(PipelinePlan plan) {
      String chosen = name;
      if (chosen == null) {
        Path first = context.cwd().resolve(selection.sources.get(0)).toAbsolutePath().normalize();
        Path folder = Files.isDirectory(first) ? first : first.getParent();
        String base =
            folder == null || folder.getFileName() == null ? "" : folder.getFileName().toString();
        chosen = base.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (chosen.isEmpty()) {
          chosen = "pipeline";
        }
      }
      ArtifactNames.validateStage(chosen);
      if (plan.order().contains(chosen)) {
        throw new dev.nbfactory.registry.InvalidInputException(
            "the pipeline's name '"
                + chosen
                + "' is also the name of one of its stages: give the pipeline another with --name");
      }
      return chosen;
    }

    /**
     * A live view for a person at a terminal, showing each running stage's cell as its log says;
     * plain lines for pipes, files and terminals that cannot move the cursor (TERM=dumb).
     */
    private PipelineProgress progress(PipelinePlan plan, Set<String> selected, Path out) {
      String term = context.env().getOrDefault("TERM", "");
      if (System.console() == null || term.isEmpty() || term.equals("dumb")) {
        return PipelineProgress.lines(context.err());
      }
      List<String> shown =
          plan.order().stream().filter(s -> selected == null || selected.contains(s)).toList();
      return new LiveProgress(
          context.err(),
          shown,
          stage -> Progress.lastIn(out.resolve(stage + ".log")),
          columns(context.env().get("COLUMNS")));
    }

    private static int columns(String value) {
      try {
        return value == null ? 80 : Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        return 80;
      }
    }
  }
}
