package dev.nbfactory.runner.cli;

import dev.nbfactory.kernel.KernelSettings;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.FiringTakenException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.runner.execute.ExitCode;
import dev.nbfactory.runner.execute.HeadlessRun;
import dev.nbfactory.runner.execute.Outcome;
import dev.nbfactory.runner.execute.RunContract;
import dev.nbfactory.runner.execute.RunResult;
import dev.nbfactory.runner.notebook.AtomicFiles;
import dev.nbfactory.runner.notebook.NotebookDocument;
import dev.nbfactory.runner.params.ParameterValues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
      "metadata, is saved to OUTPUT as the run goes."
    },
    exitCodeListHeading = "%nExit codes:%n")
final class RunCommand implements Callable<Integer> {
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
      description =
          "Seconds a cell may run before it is interrupted; no limit by default, or with 0 or -1"
              + " (as nbclient).")
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
    HeadlessRun run;
    RunContract contract;
    try {
      contract = RunContract.fromEnvironment(context.env());
      run = headlessRun(contract);
      NotebookDocument prepared = run.prepare();
      if (prepareOnly) {
        if (output != null) {
          Path file = context.outputPath(output, "OUTPUT");
          // As for a run: a folder or a path that cannot be written is bad input, said in one line.
          AtomicFiles.checkWritable(file, "OUTPUT");
          prepared.save(file);
          context.err().println("factory run: prepared " + output + " (not executed)");
        }
        return ExitCode.SUCCEEDED.code();
      }
    } catch (FactoryException e) {
      context.err().println("factory run: " + Format.oneLine(e.getMessage()));
      return ExitCode.USAGE.code(); // nothing ran, nothing was written
    }
    HeadlessRun.Result result;
    try {
      result = run.run();
    } catch (FiringTakenException e) {
      context.err().println("factory run: " + e.getMessage() + "; not run again");
      return ExitCode.FIRING_TAKEN.code();
    } catch (InvalidInputException e) {
      context.err().println("factory run: " + Format.oneLine(e.getMessage()));
      return ExitCode.USAGE.code(); // refused before the run opened: nothing ran
    }
    report(result.result());
    context
        .err()
        .println(
            "factory run: recorded as run "
                + result.runId().substring(0, 8)
                + " of stage '"
                + result.stage()
                + "' in "
                + result.registry().display());
    return result.exitCode().code();
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

  private HeadlessRun headlessRun(RunContract contract) {
    return HeadlessRun.of(context.cwd().resolve(input))
        .output(output == null ? null : context.cwd().resolve(output))
        .parameters(parameterValues().values())
        .environment(context.env())
        .strict(strict)
        .executionTimeout(
            executionTimeout == null || executionTimeout <= 0
                ? null
                : Duration.ofSeconds(executionTimeout))
        .startTimeout(Duration.ofSeconds(startTimeout))
        .logOutput(logOutput)
        .progress(progress)
        .reportMode(reportMode)
        .console(context.out(), context.err())
        .clock(context.clock())
        .registry(context.location())
        .contract(contract)
        .kernel(KernelSettings.fromEnvironment(context.env()))
        .onDisowned(
            () -> {
              context.err().println("factory run: the run was finished by someone else; stop");
              context.err().flush();
              System.exit(ExitCode.KILLED.code());
            });
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
