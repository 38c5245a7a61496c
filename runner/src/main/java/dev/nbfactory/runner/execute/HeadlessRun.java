package dev.nbfactory.runner.execute;

import dev.nbfactory.kernel.KernelSettings;
import dev.nbfactory.kernel.embed.EmbeddedKernel;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.runner.notebook.AtomicFiles;
import dev.nbfactory.runner.notebook.NotebookDocument;
import dev.nbfactory.runner.params.ParameterBinding;
import dev.nbfactory.runner.pipeline.StageScanner;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one way a notebook runs headless: {@code factory run}, a team's {@code StageRunner}, every
 * pipeline stage and every scheduled firing (the last two through a child {@code factory run}) all
 * put the run together here.
 *
 * <pre>{@code
 * HeadlessRun.Result r =
 *     HeadlessRun.of(notebook).parameters(Map.of("epochs", 5)).output(out).registry(loc).run();
 * }</pre>
 *
 * It reads the notebook and binds its parameters ({@link #prepare}), opens the run in the registry
 * as the {@link RunContract} says, executes every cell with the kernel in this JVM, saving the
 * output notebook as it goes, and records how it ended.
 */
public final class HeadlessRun {
  private final Path notebook;
  private Path output;
  private Map<String, Object> parameters = Map.of();
  private Map<String, String> environment = System.getenv();
  private boolean strict;
  private Duration executionTimeout;
  private Duration startTimeout = Duration.ofSeconds(60);
  private boolean logOutput;
  private Boolean progress;
  private boolean reportMode;
  private PrintWriter out = writer(System.out);
  private PrintWriter err = writer(System.err);
  private Clock clock = Clock.systemUTC();
  private RegistryLocation registry;
  private RunContract contract = RunContract.headless();
  private KernelSettings kernel = KernelSettings.fromEnvironment(System.getenv());
  private boolean keepKernel;
  private Runnable disowned = () -> {};
  private NotebookExecutor executor;

  private HeadlessRun(Path notebook) {
    this.notebook = notebook.toAbsolutePath();
  }

  /** A run of {@code notebook} with the values of its parameters cell. */
  public static HeadlessRun of(Path notebook) {
    return new HeadlessRun(Objects.requireNonNull(notebook, "notebook"));
  }

  /** Where the executed notebook goes; without it nothing is written. */
  public HeadlessRun output(Path value) {
    this.output = value == null ? null : value.toAbsolutePath();
    return this;
  }

  /** The values to inject, typed as papermill types them (see ParameterValues). */
  public HeadlessRun parameters(Map<String, ?> values) {
    this.parameters = new LinkedHashMap<>(values);
    return this;
  }

  /** Where secret references ({@code -p apiToken env:API_TOKEN}) are read; this process's own. */
  public HeadlessRun environment(Map<String, String> value) {
    this.environment = Map.copyOf(value);
    return this;
  }

  /** Refuse parameters the notebook's parameters cell does not declare. */
  public HeadlessRun strict(boolean value) {
    this.strict = value;
    return this;
  }

  /** The longest a cell may run; null for no limit. */
  public HeadlessRun executionTimeout(Duration value) {
    this.executionTimeout = value;
    return this;
  }

  /** How long the kernel may take to start. */
  public HeadlessRun startTimeout(Duration value) {
    this.startTimeout = Objects.requireNonNull(value);
    return this;
  }

  /** Copy cell outputs to {@code out} as they come. */
  public HeadlessRun logOutput(boolean value) {
    this.logOutput = value;
    return this;
  }

  /** Show progress; null decides by whether stderr is a terminal. */
  public HeadlessRun progress(Boolean value) {
    this.progress = value;
    return this;
  }

  /** Hide every code cell's source in the output notebook. */
  public HeadlessRun reportMode(boolean value) {
    this.reportMode = value;
    return this;
  }

  /** Where cell output (with {@link #logOutput}) and the run's messages go. */
  public HeadlessRun console(PrintWriter outWriter, PrintWriter errWriter) {
    this.out = outWriter;
    this.err = errWriter;
    return this;
  }

  public HeadlessRun clock(Clock value) {
    this.clock = value;
    return this;
  }

  /** The registry the run is recorded in. */
  public HeadlessRun registry(RegistryLocation value) {
    this.registry = value;
    return this;
  }

  /** How the run is recorded and what it owes the parent that started it. */
  public HeadlessRun contract(RunContract value) {
    this.contract = Objects.requireNonNull(value);
    return this;
  }

  /** The kernel's class path, start-up script and limits. */
  public HeadlessRun kernel(KernelSettings value) {
    this.kernel = value;
    return this;
  }

  /** Leave the kernel up after the cells, for {@link Result#keptKernel}; the caller closes it. */
  public HeadlessRun keepKernel() {
    this.keepKernel = true;
    return this;
  }

  /**
   * Called once if the registry shows the run finished by someone else while it runs (a scheduler
   * replaced it or declared it lost): the process must stop.
   */
  public HeadlessRun onDisowned(Runnable value) {
    this.disowned = value;
    return this;
  }

  /**
   * Reads the notebook, binds the parameters and injects them; nothing runs, nothing is written.
   *
   * @throws dev.nbfactory.registry.FactoryException for a malformed notebook or a bad parameter
   */
  public NotebookDocument prepare() {
    if (executor == null) {
      RunOptions options =
          new RunOptions(
              notebook,
              output,
              parameters,
              strict,
              executionTimeout,
              startTimeout,
              logOutput,
              progress,
              reportMode,
              environment);
      NotebookExecutor prepared =
          new NotebookExecutor(options, out, err, clock, new NotebookExecutor.RunObserver() {});
      prepared.prepare();
      executor = prepared;
    }
    return executor.document();
  }

  /**
   * Runs the notebook and records the run.
   *
   * @throws dev.nbfactory.registry.FactoryException for a malformed notebook, a bad parameter or an
   *     output that cannot be written; nothing ran then
   * @throws dev.nbfactory.registry.FiringTakenException when the contract claims a firing that
   *     already has a run; nothing ran
   */
  public Result run() {
    prepare();
    Objects.requireNonNull(registry, "registry");
    if (output != null) {
      // Checked before the run opens: a run that cannot save its notebook never starts.
      registry.refuseAsOutput(output, "the output notebook");
      AtomicFiles.checkWritable(output, "the output notebook");
    }
    String stage = StageScanner.scan(notebook).stage();
    ParameterBinding binding = executor.binding();
    try (Registry opened = Registry.open(registry, clock)) {
      HeadlessRecorder recorder =
          new HeadlessRecorder(
              opened, stage, notebook, binding.recorded(), binding.marks(), contract, disowned);
      ParentDuties.started(contract, opened, recorder);
      executor.observe(recorder);
      if (keepKernel) {
        executor.keepKernel();
      }
      // The session's mode is the host's to say: the kernel records as the contract's kind.
      RunResult result = executor.execute(kernel.withMode(contract.kind()));
      return new Result(
          recorder.runId(),
          stage,
          opened.location(),
          result,
          executor.document(),
          output,
          executor.keptKernel());
    }
  }

  /**
   * How the run went.
   *
   * @param runId the run as recorded
   * @param registry where it is recorded
   * @param output the executed notebook, or null when none was asked for
   * @param keptKernel the kernel {@link #keepKernel} kept, or null
   */
  public record Result(
      String runId,
      String stage,
      RegistryLocation registry,
      RunResult result,
      NotebookDocument executed,
      Path output,
      EmbeddedKernel keptKernel) {

    public ExitCode exitCode() {
      return ExitCode.of(result.outcome().exitCode()).orElseThrow();
    }
  }

  private static PrintWriter writer(java.io.OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }
}
