package dev.nbfactory.runner.cli;

import dev.nbfactory.kernel.KernelSettings;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.FiringTakenException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.runner.execute.HeadlessRecorder;
import dev.nbfactory.runner.execute.NotebookExecutor;
import dev.nbfactory.runner.execute.Outcome;
import dev.nbfactory.runner.execute.RunOptions;
import dev.nbfactory.runner.execute.RunResult;
import dev.nbfactory.runner.params.ParameterBinding;
import dev.nbfactory.runner.params.ParameterValues;
import dev.nbfactory.runner.pipeline.StageScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code factory run}: executes a notebook headless with papermill's command line, in this JVM with
 * the kernel embedded.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Execute a notebook headless, papermill's way.",
      "Parameters go in a new cell tagged 'injected-parameters' after the cell tagged",
      "'parameters', as Java declarations; the executed notebook, with outputs and papermill",
      "metadata, is saved to OUTPUT as the run goes.",
      "",
      "Exit codes: 0 succeeded; 1 a cell failed; 2 bad command line, notebook or parameter;",
      "124 a cell ran past --execution-timeout; 4 the kernel did not start; 5 this schedule firing",
      "already has a run (FACTORY_SCHEDULE, FACTORY_FIRE_TIME); 143 stopped by a signal."
    })
final class RunCommand implements Callable<Integer> {
  /** Exit code when a scheduler's firing already has a run: nothing ran, nothing was written. */
  static final int FIRING_TAKEN = 5;

  private final CliContext context;

  @Parameters(index = "0", paramLabel = "INPUT", description = "The notebook to run.")
  Path input;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "OUTPUT",
      description = "Where the executed notebook goes; without it nothing is written.")
  Path output;

  @Option(
      names = {"-p", "--parameters"},
      arity = "2",
      paramLabel = "NAME VALUE",
      description =
          "A parameter; the value is typed as papermill does (10, 0.5, True, None, text).")
  List<String> parameters = new ArrayList<>();

  @Option(
      names = {"-r", "--parameters-raw"},
      arity = "2",
      paramLabel = "NAME RAW",
      description = "A parameter kept as a String.")
  List<String> rawParameters = new ArrayList<>();

  @Option(
      names = {"-y", "--parameters-yaml"},
      paramLabel = "YAML",
      description = "Parameters as a YAML mapping; may be repeated.")
  List<String> yaml = new ArrayList<>();

  @Option(
      names = {"-f", "--parameters-file"},
      paramLabel = "FILE",
      description = "Parameters from a YAML file; may be repeated.")
  List<Path> parametersFiles = new ArrayList<>();

  @Option(
      names = "--strict",
      description = "Refuse parameters the notebook's parameters cell does not declare.")
  boolean strict;

  @Option(
      names = "--cwd",
      paramLabel = "DIR",
      description = "Working directory of the notebook's code (runs it in a child JVM there).")
  Path cwd;

  @Option(
      names = "--execution-timeout",
      paramLabel = "S",
      description = "Seconds a cell may run before it is interrupted; no limit by default.")
  Integer executionTimeout;

  @Option(
      names = "--start-timeout",
      paramLabel = "S",
      defaultValue = "60",
      description = "Seconds the kernel may take to start (default ${DEFAULT-VALUE}).")
  int startTimeout;

  @Option(names = "--log-output", description = "Copy cell outputs to the terminal.")
  boolean logOutput;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show progress (default: when stderr is a terminal).")
  Boolean progress;

  @Option(
      names = "--prepare-only",
      description = "Write the parameterized notebook to OUTPUT without executing it.")
  boolean prepareOnly;

  @Option(names = "--report-mode", description = "Hide every cell's code in the output notebook.")
  boolean reportMode;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (cwd != null && !prepareOnly && !cwd.toAbsolutePath().normalize().equals(context.cwd())) {
      // The child records in this command's registry, not in one it would find from --cwd.
      return ChildRun.inFolder(context, cwd, context.location().environment(), childArguments());
    }
    NotebookExecutor executor;
    try {
      executor = prepare();
    } catch (FactoryException e) {
      context.err().println("factory run: " + Format.oneLine(e.getMessage()));
      return CommandLine.ExitCode.USAGE; // nothing ran, nothing was written
    }
    if (prepareOnly) {
      if (output != null) {
        executor.document().save(context.cwd().resolve(output));
        context.err().println("factory run: prepared " + output + " (not executed)");
      }
      return 0;
    }
    Path notebook = context.cwd().resolve(input);
    String stage = StageScanner.scan(notebook).stage();
    ParameterBinding binding = executor.binding();
    RunKind kind =
        RunKind.parse(context.env().getOrDefault("FACTORY_RUN_KIND", RunKind.HEADLESS.name()));
    try (Registry registry = Registry.open(context.location(), context.clock())) {
      HeadlessRecorder recorder;
      try {
        recorder =
            new HeadlessRecorder(
                registry,
                stage,
                notebook,
                binding.recorded(),
                binding.markedSecret(),
                kind,
                context.env().get("FACTORY_PARENT_RUN"),
                context.env().get("FACTORY_SCHEDULE"),
                fireTime(),
                HeadlessRecorder.heartbeat(context.env()),
                () -> {
                  context.err().println("factory run: the run was finished by someone else; stop");
                  context.err().flush();
                  System.exit(Outcome.KILLED.exitCode());
                });
      } catch (FiringTakenException e) {
        context.err().println("factory run: " + e.getMessage() + "; not run again");
        return FIRING_TAKEN;
      }
      ScheduledChild.started(context.env(), registry, recorder);
      executor.observe(recorder);
      RunResult result =
          executor.execute(KernelSettings.fromEnvironment(context.env()).withMode(kind));
      report(result);
      context
          .err()
          .println(
              "factory run: recorded as run "
                  + recorder.runId().substring(0, 8)
                  + " of stage '"
                  + stage
                  + "' in "
                  + registry.location().display());
      return result.outcome().exitCode();
    }
  }

  /** The fire time a scheduler passes in FACTORY_FIRE_TIME (ISO-8601), or null. */
  private java.time.Instant fireTime() {
    String text = context.env().get("FACTORY_FIRE_TIME");
    return text == null || text.isBlank() ? null : java.time.Instant.parse(text);
  }

  private ParameterValues parameterValues() {
    ParameterValues values = new ParameterValues();
    // papermill's order: files, then YAML, then -p, then -r; a later value wins.
    for (Path file : parametersFiles) {
      values.file(context.cwd().resolve(file));
    }
    for (String text : yaml) {
      values.yaml(text, "-y");
    }
    for (int i = 0; i + 1 < parameters.size(); i += 2) {
      values.text(parameters.get(i), parameters.get(i + 1));
    }
    for (int i = 0; i + 1 < rawParameters.size(); i += 2) {
      values.raw(rawParameters.get(i), rawParameters.get(i + 1));
    }
    return values;
  }

  private NotebookExecutor prepare() {
    ParameterValues values = parameterValues();
    RunOptions options =
        new RunOptions(
            context.cwd().resolve(input),
            output == null ? null : context.cwd().resolve(output),
            values.values(),
            strict,
            executionTimeout == null ? null : Duration.ofSeconds(executionTimeout),
            Duration.ofSeconds(startTimeout),
            logOutput,
            progress,
            prepareOnly,
            reportMode);
    NotebookExecutor executor =
        new NotebookExecutor(
            options,
            context.out(),
            context.err(),
            context.clock(),
            new NotebookExecutor.RunObserver() {});
    executor.prepare();
    return executor;
  }

  private void report(RunResult result) {
    if (result.outcome() == Outcome.SUCCEEDED) {
      context
          .err()
          .printf(
              "factory run: %s succeeded in %.2f s%s%n",
              input, result.durationSeconds(), output == null ? "" : "; output in " + output);
      return;
    }
    StringBuilder message = new StringBuilder("factory run: ");
    message.append(input).append(' ').append(result.outcome().name().toLowerCase());
    if (result.failedCell() >= 0) {
      message.append(" at cell ").append(result.failedCell());
      if (result.executionCount() != null) {
        message.append(" (In [").append(result.executionCount()).append("])");
      }
    }
    message.append(": ").append(result.ename()).append(": ").append(result.evalue());
    context.err().println(message);
    result.plainTraceback().forEach(context.err()::println);
    if (output != null) {
      context.err().println("factory run: the executed notebook is in " + output);
    }
  }

  /** This command's arguments, without --cwd, for the child that runs in that folder. */
  private List<String> childArguments() {
    List<String> out = new ArrayList<>(List.of("run", context.cwd().resolve(input).toString()));
    if (output != null) {
      out.add(context.cwd().resolve(output).toString());
    }
    for (int i = 0; i + 1 < parameters.size(); i += 2) {
      out.addAll(List.of("-p", parameters.get(i), parameters.get(i + 1)));
    }
    for (int i = 0; i + 1 < rawParameters.size(); i += 2) {
      out.addAll(List.of("-r", rawParameters.get(i), rawParameters.get(i + 1)));
    }
    for (Path file : parametersFiles) {
      out.addAll(List.of("-f", context.cwd().resolve(file).toString()));
    }
    for (String text : yaml) {
      out.addAll(List.of("-y", text));
    }
    if (strict) {
      out.add("--strict");
    }
    if (executionTimeout != null) {
      out.addAll(List.of("--execution-timeout", executionTimeout.toString()));
    }
    out.addAll(List.of("--start-timeout", Integer.toString(startTimeout)));
    if (logOutput) {
      out.add("--log-output");
    }
    if (progress != null) {
      out.add(progress ? "--progress" : "--no-progress");
    }
    if (reportMode) {
      out.add("--report-mode");
    }
    return out;
  }
}
