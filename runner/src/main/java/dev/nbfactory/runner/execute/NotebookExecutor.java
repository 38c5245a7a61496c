package dev.nbfactory.runner.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.kernel.KernelSettings;
import dev.nbfactory.kernel.embed.EmbeddedKernel;
import dev.nbfactory.kernel.wire.WireMessage;
import dev.nbfactory.registry.Secrets;
import dev.nbfactory.runner.notebook.Cell;
import dev.nbfactory.runner.notebook.NotebookDocument;
import dev.nbfactory.runner.params.ParameterBinding;
import dev.nbfactory.runner.params.ParameterTranslator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Runs one notebook headless, papermill's way, with the kernel embedded in this JVM. The output
 * notebook is saved after every cell, every second while a long cell writes output, and on the way
 * out of a failure, a timeout or a SIGTERM, so that it always holds the last good state.
 */
final class NotebookExecutor {
  static final String VERSION = "factory-" + versionOf();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SAVE_EVERY = Duration.ofSeconds(1);

  private final RunOptions options;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Clock clock;
  private RunObserver observer;
  private final OutputCollector collector = new OutputCollector();
  private NotebookDocument doc;
  private ParameterBinding binding;
  private volatile Cell running;
  private volatile Instant runningSince;
  private Instant lastSave = Instant.EPOCH;
  private boolean dirty;
  private boolean interruptSent;
  private volatile boolean finished;
  private boolean keepKernel;
  private EmbeddedKernel keptKernel;

  /** Told when the kernel is up and when the run has ended; the registry listens here. */
  public interface RunObserver {
    default void kernelStarted(EmbeddedKernel kernel, NotebookDocument prepared) {}

    /** Before each code cell runs, and once all have run: what a UI shows of a running run. */
    default void progress(int done, int total) {}

    default void finished(RunResult result, NotebookDocument executed) {}
  }

  public NotebookExecutor(
      RunOptions options, PrintWriter out, PrintWriter err, Clock clock, RunObserver observer) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.clock = clock;
    this.observer = observer;
  }

  private static String versionOf() {
    String v = NotebookExecutor.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  /**
   * Reads the input, injects the parameters and writes the papermill metadata; nothing runs.
   *
   * @throws dev.nbfactory.registry.FactoryException for a malformed notebook or a bad parameter
   */
  public NotebookDocument prepare() {
    doc = NotebookDocument.read(options.input());
    Papermill.removeBanners(doc);
    if (!options.parameters().isEmpty()) {
      // As papermill: a notebook run again without parameters keeps the values it was given.
      doc.firstTagged(Papermill.INJECTED_TAG).ifPresent(doc::remove);
    }
    Cell parameters = doc.firstTagged(Papermill.PARAMETERS_TAG).orElse(null);
    binding =
        ParameterBinding.of(
            parameters == null ? null : parameters.source(),
            options.parameters(),
            options.environment());
    if (!options.parameters().isEmpty()) {
      ParameterTranslator.Translation t = binding.injectedCell(options.strict());
      if (parameters == null) {
        err.println(
            "factory run: warning: the notebook has no cell tagged 'parameters'; the parameters"
                + " go in a new cell at the top");
      }
      for (String name : t.undeclared()) {
        err.println(
            "factory run: warning: passed unknown parameter '"
                + name
                + "' (not declared in the parameters cell)");
      }
      int at = parameters == null ? 0 : doc.indexOf(parameters) + 1;
      doc.insert(at, Cell.code(t.source(), Papermill.INJECTED_TAG));
    }
    for (Cell c : doc.cells()) {
      c.clearOutputs();
      Papermill.pending(c); // every cell, markdown too, as papermill marks them
      if (options.reportMode() && c.isCode()) {
        ObjectNode jupyter = c.metadata().withObjectProperty("jupyter");
        jupyter.put("source_hidden", true);
      }
    }
    ObjectNode pm = doc.metadata().putObject("papermill");
    ObjectNode defaults = pm.putObject("default_parameters");
    binding.defaults().forEach(defaults::put);
    pm.putObject("environment_variables");
    pm.putNull("exception");
    pm.put("input_path", options.input().toString());
    if (options.output() == null) {
      pm.putNull("output_path");
    } else {
      pm.put("output_path", options.output().toString());
    }
    ObjectNode params = pm.putObject("parameters");
    binding
        .given()
        .forEach(
            (name, value) ->
                params.set(
                    name,
                    binding.isSecret(name)
                        ? params.textNode(Secrets.MASK)
                        : JSON.valueToTree(value)));
    pm.putNull("start_time");
    pm.putNull("end_time");
    pm.putNull("duration");
    pm.put("version", VERSION);
    return doc;
  }

  /** Prepares, executes every code cell, saves, and says how it ended. */
  public RunResult execute(KernelSettings settings) {
    if (doc == null) {
      prepare();
    }
    Instant start = clock.instant();
    ObjectNode pm = (ObjectNode) doc.metadata().get("papermill");
    pm.put("start_time", Papermill.time(start));
    List<String> secretKeys = new ArrayList<>();
    binding
        .secretProperties()
        .forEach(
            (key, value) -> {
              System.setProperty(key, value);
              secretKeys.add(key);
            });
    Thread onSignal = new Thread(this::killed, "factory-run-sigterm");
    Runtime.getRuntime().addShutdownHook(onSignal);
    StringBuilder code = new StringBuilder();
    doc.cells().stream().filter(Cell::isCode).forEach(c -> code.append(c.source()).append('\n'));
    Prewarm.forCode(code.toString());
    RunResult result;
    try {
      save(true);
      result = startAndRun(settings, start);
    } catch (UncheckedIOException e) {
      // The output cannot be written (disk full, folder gone): the run stops and ends FAILED,
      // with the executed notebook still recorded in the registry.
      result =
          new RunResult(
              Outcome.FAILED,
              -1,
              null,
              "OutputNotSaved",
              e.getMessage() + "; the run stopped",
              List.of(),
              Papermill.seconds(start, clock.instant()));
    } finally {
      secretKeys.forEach(System::clearProperty);
    }
    try {
      finish(result, start);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs, and sees the run finished
      }
    }
    return result;
  }

  /**
   * Leaves the kernel running after the cells, for {@link #keptKernel}: a test reads the notebook's
   * variables from it. The caller closes it.
   */
  public void keepKernel() {
    keepKernel = true;
  }

  /** The kernel {@link #keepKernel} kept, or null when it did not start. */
  public EmbeddedKernel keptKernel() {
    return keptKernel;
  }

  /** Starts the kernel and runs the cells; a kernel that does not start ends the run too. */
  private RunResult startAndRun(KernelSettings settings, Instant start) {
    EmbeddedKernel kernel;
    try {
      kernel = EmbeddedKernel.start(settings, options.startTimeout());
    } catch (TimeoutException e) {
      return didNotStart(start, "KernelStartTimeout", e.getMessage() + " (raise --start-timeout)");
    } catch (IOException | RuntimeException e) {
      return didNotStart(start, "KernelStartError", "the kernel could not start: " + e);
    }
    boolean handedOver = false;
    try {
      observer.kernelStarted(kernel, doc);
      // JShell starts on a thread of its own: its failure or lateness is the kernel's, not a
      // cell's.
      Duration left = options.startTimeout().minus(Duration.between(start, clock.instant()));
      try {
        kernel.kernel().awaitEvaluator(left.isNegative() ? Duration.ZERO : left);
      } catch (TimeoutException e) {
        return didNotStart(
            start,
            "KernelStartTimeout",
            "JShell did not start within "
                + options.startTimeout().toSeconds()
                + " s (raise --start-timeout)");
      } catch (IllegalStateException e) {
        return didNotStart(start, "KernelStartError", e.getMessage());
      }
      RunResult result = runCells(kernel, start);
      if (keepKernel) {
        keptKernel = kernel;
        handedOver = true;
      }
      return result;
    } finally {
      if (!handedOver) {
        kernel.close();
      }
    }
  }

  private RunResult didNotStart(Instant start, String ename, String evalue) {
    return new RunResult(
        Outcome.KERNEL_DIED,
        -1,
        null,
        ename,
        evalue,
        List.of(),
        Papermill.seconds(start, clock.instant()));
  }

  private RunResult runCells(EmbeddedKernel kernel, Instant start) {
    List<Cell> cells = doc.cells();
    int total = (int) cells.stream().filter(c -> c.isCode() && !c.source().isBlank()).count();
    int done = 0;
    Progress progress = new Progress(err, options.progress(), total);
    for (Cell cell : cells) {
      if (!cell.isCode() || cell.source().isBlank()) {
        Instant now = clock.instant();
        Papermill.started(cell, now);
        Papermill.ended(cell, now, now, false);
        continue;
      }
      Instant cellStart = clock.instant();
      Papermill.started(cell, cellStart);
      collector.begin(cell.outputs());
      running = cell;
      runningSince = cellStart;
      interruptSent = false;
      save(true);
      progress.cell(done, cell);
      observer.progress(done, total);
      EmbeddedKernel.Reply reply =
          kernel.execute(cell.source(), this::onOutput, () -> onTick(kernel));
      running = null;
      cell.setExecutionCount(reply.executionCount());
      Instant cellEnd = clock.instant();
      boolean timedOut = interruptSent;
      Papermill.ended(cell, cellStart, cellEnd, !reply.ok());
      done++;
      if (!reply.ok()) {
        progress.end();
        JsonNode content = toJackson(reply.content());
        List<String> traceback = new ArrayList<>();
        content.path("traceback").forEach(t -> traceback.add(t.asText()));
        int index = doc.indexOf(cell); // as executed, before the banners go in
        Papermill.errorBanner(doc, cell, reply.executionCount());
        return new RunResult(
            timedOut ? Outcome.TIMED_OUT : Outcome.FAILED,
            index,
            reply.executionCount(),
            content.path("ename").asText("Error"),
            timedOut
                ? "the cell ran longer than --execution-timeout ("
                    + options.executionTimeout().toSeconds()
                    + " s) and was interrupted"
                : content.path("evalue").asText(""),
            traceback,
            Papermill.seconds(start, cellEnd));
      }
      // Saved with the next cell's start, or with the run's end, a moment later: one write
      // between two cells instead of two.
      dirty = true;
    }
    progress.cell(done, null);
    progress.end();
    observer.progress(done, total);
    return RunResult.succeeded(Papermill.seconds(start, clock.instant()));
  }

  private void onOutput(WireMessage message) {
    ObjectNode content = toJackson(message.content());
    if (collector.accept(message.type(), content)) {
      dirty = true;
    }
    if (options.logOutput()) {
      logOutput(message.type(), content);
    }
  }

  private void logOutput(String type, JsonNode content) {
    switch (type) {
      case "stream" -> {
        PrintWriter w = content.path("name").asText().equals("stderr") ? err : out;
        w.print(content.path("text").asText());
        w.flush();
      }
      case "display_data", "execute_result" -> {
        out.println(content.path("data").path("text/plain").asText("<" + type + ">"));
        out.flush();
      }
      case "error" -> {
        err.println(content.path("ename").asText() + ": " + content.path("evalue").asText());
        err.flush();
      }
      default -> {
        // not output
      }
    }
  }

  /** Every ~50 ms while a cell runs: the timeout, and a save when output has come in. */
  private void onTick(EmbeddedKernel kernel) {
    Duration limit = options.executionTimeout();
    Instant now = clock.instant();
    if (limit != null && runningSince != null) {
      Duration elapsed = Duration.between(runningSince, now);
      if (!interruptSent && elapsed.compareTo(limit) > 0) {
        err.println(
            "factory run: the cell ran longer than "
                + limit.toSeconds()
                + " s (--execution-timeout); interrupting it");
        err.flush();
        kernel.interrupt();
        interruptSent = true;
      } else if (interruptSent && elapsed.compareTo(limit.plus(RunOptions.INTERRUPT_GRACE)) > 0) {
        giveUp();
      }
    }
    if (dirty && Duration.between(lastSave, now).compareTo(SAVE_EVERY) >= 0) {
      save(false);
    }
  }

  /**
   * A cell that ignores the interrupt cannot be stopped inside this JVM: save what it wrote, record
   * the timeout, and end the process.
   */
  private void giveUp() {
    Cell cell = running;
    Instant now = clock.instant();
    if (cell != null) {
      Papermill.ended(cell, runningSince, now, true);
      Papermill.errorBanner(doc, cell, null);
    }
    RunResult result =
        new RunResult(
            Outcome.TIMED_OUT,
            cell == null ? -1 : doc.indexOf(cell),
            null,
            "TimeoutError",
            "the cell did not stop within "
                + RunOptions.INTERRUPT_GRACE.toSeconds()
                + " s of its interrupt; the run was ended",
            List.of(),
            0);
    finish(result, parseStart());
    err.println("factory run: " + result.evalue());
    err.flush();
    Runtime.getRuntime().halt(Outcome.TIMED_OUT.exitCode());
  }

  private Instant parseStart() {
    return runningSince == null ? clock.instant() : runningSince;
  }

  /** SIGTERM or SIGINT while cells run: the run is KILLED, the notebook saved as it stands. */
  private void killed() {
    if (finished) {
      return;
    }
    Cell cell = running;
    Instant now = clock.instant();
    if (cell != null && runningSince != null) {
      Papermill.ended(cell, runningSince, now, true);
    }
    RunResult result =
        new RunResult(
            Outcome.KILLED,
            cell == null ? -1 : doc.indexOf(cell),
            null,
            "Killed",
            "the run was stopped by a signal",
            List.of(),
            0);
    finish(result, parseStart());
  }

  private synchronized void finish(RunResult result, Instant start) {
    if (finished) {
      return;
    }
    finished = true;
    Instant end = clock.instant();
    ObjectNode pm = (ObjectNode) doc.metadata().get("papermill");
    if (pm.path("start_time").isNull()) {
      pm.put("start_time", Papermill.time(start));
    }
    pm.put("end_time", Papermill.time(end));
    pm.put("duration", Papermill.seconds(start, end));
    if (result.outcome() == Outcome.SUCCEEDED) {
      pm.putNull("exception");
    } else {
      pm.put("exception", true);
    }
    try {
      save(true);
    } catch (UncheckedIOException e) {
      err.println("factory run: " + e.getMessage());
    }
    observer.finished(result, doc);
  }

  private synchronized void save(boolean always) {
    if (options.output() == null || (!always && !dirty)) {
      return;
    }
    try {
      doc.save(options.output());
      lastSave = clock.instant();
      dirty = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + options.output() + ": " + e.getMessage(), e);
    }
  }

  static ObjectNode toJackson(com.google.gson.JsonObject json) {
    try {
      return (ObjectNode) JSON.readTree(json.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Who hears of the kernel start and the run's end; set before {@link #execute}. */
  public void observe(RunObserver value) {
    this.observer = value;
  }

  /** For tests and the command: the notebook as it stands. */
  public NotebookDocument document() {
    return doc;
  }

  /** The run's parameters as {@link #prepare} bound them. */
  public ParameterBinding binding() {
    return binding;
  }
}
