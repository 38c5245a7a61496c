package dev.nbfactory.magics;

import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.CheckResult;
import dev.nbfactory.registry.ContentHash;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.NotFoundException;
import dev.nbfactory.registry.OutputSpec;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunEnvironment;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.SecretMarks;
import dev.nbfactory.registry.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.Model;
import org.tribuo.evaluation.Evaluation;
import tech.tablesaw.api.Table;

/**
 * One notebook's connection to the factory: the registry, and the run that is open. A JVM has one
 * {@link #global()} session, which {@link Factory} uses and the kernel extension or the headless
 * runner {@link #configure configures}; tests and programs may also make their own. Thread-safe.
 *
 * <p>Runs: {@link #stage} opens a run, or continues it when the stage is the one already open; a
 * different stage first finishes the open run as {@link RunStatus#SUCCEEDED}. Any call that records
 * something before a stage is open opens a run of the last stage this session ran, else of a stage
 * named after the notebook file ({@code train-churn.ipynb} is {@code train-churn}); with neither it
 * fails and says to call {@code Factory.stage("name")}.
 *
 * <p>Status at the end: {@link #finish()} is SUCCEEDED, {@link #fail} FAILED. {@link #close()} (the
 * kernel at shutdown or restart) finishes an open run honestly: SUCCEEDED if no cell failed since
 * {@link #stage} (the kernel reports failures with {@link #cellFailed}), FAILED naming the last
 * failure otherwise. {@link #close(RunStatus, String)} sets the status explicitly (the runner:
 * KILLED, TIMED_OUT).
 */
public final class FactorySession implements AutoCloseable {
  private static FactorySession global;

  private final NotebookContext context;
  private Registry registry;
  private Run run;
  private String lastStage;
  private String lastCellFailure;
  private final InputLoader inputs;
  private boolean closed;
  private final Map<String, Object> bound = new LinkedHashMap<>();
  private final Map<String, Object> pendingParameters = new LinkedHashMap<>();
  private SecretMarks pendingMarks = SecretMarks.NONE;

  public FactorySession(NotebookContext context) {
    this.context = context;
    this.inputs = new InputLoader(context);
  }

  /** The JVM's session; a default one (plain Java, discovered registry) until configured. */
  public static synchronized FactorySession global() {
    if (global == null) {
      global = new FactorySession(NotebookContext.builder().build());
    }
    return global;
  }

  /**
   * Makes a new session for {@code context} the JVM's session. A previous one is closed first, so
   * its open run is finished honestly.
   */
  public static synchronized FactorySession configure(NotebookContext context) {
    FactorySession previous = global;
    global = null;
    if (previous != null) {
      previous.close();
    }
    global = new FactorySession(context);
    return global;
  }

  /** Installs a session as the JVM's (for tests); returns the previous one, not closed. */
  public static synchronized FactorySession install(FactorySession session) {
    FactorySession previous = global;
    global = session;
    return previous;
  }

  public NotebookContext context() {
    return context;
  }

  /** The registry, opened on first use. */
  public synchronized Registry registry() {
    if (closed) {
      throw new FactoryException("this factory session is closed");
    }
    if (registry == null) {
      registry = context.registry().get();
    }
    return registry;
  }

  /** The run open now, if any. */
  public synchronized Optional<Run> currentRun() {
    return Optional.ofNullable(run);
  }

  // ---- runs

  public Run stage(String name) {
    return stage(name, null);
  }

  /** Opens a run of the stage, or continues the open one if it is this stage. */
  public synchronized Run stage(String name, String description) {
    ArtifactNames.validateStage(name);
    if (run != null) {
      if (run.stage().equals(name)) {
        return run;
      }
      finishOpen(RunStatus.SUCCEEDED, null);
    }
    return open(name, description);
  }

  /** The open run (opened as {@link #requireRun} does) with its recorded parameters. */
  public synchronized CurrentRun currentRunInfo() {
    Run current = requireRun();
    Map<String, String> parameters = new LinkedHashMap<>();
    registry().parameters(current.id()).forEach(p -> parameters.put(p.name(), p.value()));
    return new CurrentRun(current.id(), current.stage(), current.kind(), parameters);
  }

  /** The open run, opening one as the class comment says when there is none. */
  public synchronized Run requireRun() {
    if (run != null) {
      return run;
    }
    if (lastStage != null) {
      return open(lastStage, null);
    }
    Path notebook = context.notebookPath().get();
    if (notebook == null) {
      throw new FactoryException(
          "no stage is open and the notebook's path is unknown: call Factory.stage(\"name\")"
              + " (or %stage NAME) first");
    }
    return open(stageNameFor(notebook), null);
  }

  /**
   * Finishes the open run as SUCCEEDED; the next call that records something opens a new one. In a
   * headless or scheduled run the runner finishes the run by its outcome (a later cell may still
   * fail), so there this leaves the run open and returns it.
   */
  public synchronized Run finish() {
    if (run == null) {
      throw new FactoryException("no run is open: nothing to finish");
    }
    if (context.kind() != RunKind.INTERACTIVE) {
      return run;
    }
    return finishOpen(RunStatus.SUCCEEDED, null);
  }

  /** Finishes the open run as FAILED with the exception's class, message and stack trace. */
  public synchronized Run fail(Throwable error) {
    return fail(describe(error));
  }

  public synchronized Run fail(String error) {
    if (run == null) {
      throw new FactoryException("no run is open: nothing to mark failed");
    }
    return finishOpen(RunStatus.FAILED, error);
  }

  /**
   * The kernel says a cell failed: an open interactive run will then be finished as FAILED at
   * {@link #close()}, unless {@link #stage} opens a new run first.
   */
  public synchronized void cellFailed(String description) {
    lastCellFailure = description == null ? "a cell failed" : description;
  }

  /**
   * Ends the session: finishes an open run honestly (see the class comment), closes the registry.
   */
  @Override
  public void close() {
    close(null, null);
  }

  /**
   * Ends the session, finishing an open run with {@code status}, or honestly when it is null;
   * returns the finished run, or null if none was open. Closing twice does nothing.
   */
  public synchronized Run close(RunStatus status, String error) {
    if (closed) {
      return null;
    }
    Run finished = null;
    try {
      if (run != null) {
        if (status == null) {
          status = lastCellFailure == null ? RunStatus.SUCCEEDED : RunStatus.FAILED;
          error = lastCellFailure;
        }
        finished = finishOpen(status, error);
      }
    } finally {
      closed = true;
      if (registry != null && context.ownsRegistry()) {
        registry.close();
      }
      registry = null;
      inputs.deleteCopies();
    }
    return finished;
  }

  private Run open(String stage, String description) {
    Path notebook = context.notebookPath().get();
    Path absolute = notebook == null ? null : notebook.toAbsolutePath().normalize();
    String hash = absolute != null && Files.isRegularFile(absolute) ? notebookHash(absolute) : null;
    Path gitDir = absolute != null ? absolute.getParent() : Path.of("").toAbsolutePath();
    RunStart.Builder start =
        RunStart.builder(stage)
            .kind(context.kind())
            .notebook(absolute == null ? null : absolute.toString(), hash)
            .description(description)
            .classpath(context.classpath().get())
            .gitCommit(RunEnvironment.gitCommit(gitDir).orElse(null))
            .parentRun(context.parentRunId());
    if (context.claimsFiring()) {
      start.schedule(context.schedule(), context.fireTime());
    } else {
      start.retry(context.schedule(), context.fireTime());
    }
    run = registry().startRun(start.build());
    lastStage = stage;
    lastCellFailure = null;
    if (!pendingParameters.isEmpty()) {
      registry().logParameters(run.id(), pendingParameters, pendingMarks);
      pendingParameters.clear();
      pendingMarks = SecretMarks.NONE;
    }
    return run;
  }

  private Run finishOpen(RunStatus status, String error) {
    Run open = run;
    run = null;
    return registry().finishRun(open.id(), status, error);
  }

  /** A stage name from a notebook file name: its base name, with other characters as '-'. */
  public static String stageNameFor(Path notebook) {
    String file = notebook.getFileName().toString();
    int dot = file.lastIndexOf('.');
    String base = dot > 0 ? file.substring(0, dot) : file;
    String name = base.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("\\.{2,}", ".");
    name = name.replaceAll("^[^A-Za-z0-9]+", "");
    if (name.length() > ArtifactNames.MAX_LENGTH) {
      name = name.substring(0, ArtifactNames.MAX_LENGTH);
    }
    if (name.isEmpty()) {
      throw new FactoryException(
          "cannot name a stage after the notebook '"
              + file
              + "': call Factory.stage(\"name\") first");
    }
    return name;
  }

  // ---- parameters and metrics

  /** As {@link #parameters(Map, SecretMarks)}, with {@code secretNames} marked secret. */
  public Map<String, String> parameters(Map<String, ?> values, Collection<String> secretNames) {
    return parameters(values, SecretMarks.secret(secretNames));
  }

  /**
   * Records parameters; the values of those {@code marks} call secret (marked, or named like a
   * secret and not marked otherwise) are masked by the registry. Returns what was stored, name to
   * value (masked ones read {@link Secrets#MASK}).
   *
   * <p>With no run open, they are kept for the run the next {@link #stage} opens ({@code %%params}
   * may come before {@code %stage}). Names the host {@link #bindParameters bound} keep the host's
   * value, which is the one the notebook runs with (an injected cell follows the parameters cell);
   * marking one secret here masks it.
   */
  public synchronized Map<String, String> parameters(Map<String, ?> values, SecretMarks marks) {
    Map<String, Object> recorded = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> {
          if (!bound.containsKey(name)) {
            recorded.put(name, value);
          } else if (marks.secret().contains(name)) {
            recorded.put(name, bound.get(name)); // stored masked
          }
        });
    if (run == null) {
      pendingParameters.putAll(recorded);
      pendingMarks = pendingMarks.plus(marks);
    } else if (!recorded.isEmpty()) {
      registry().logParameters(run.id(), recorded, marks);
    }
    Map<String, String> stored = new LinkedHashMap<>();
    Secrets.mask(values, marks).forEach((name, p) -> stored.put(name, p.value()));
    return stored;
  }

  /**
   * Records the parameters a host (the headless runner) runs the notebook with, for the open run:
   * the values its cells will hold. Later {@link #parameters} calls from the notebook keep them.
   */
  public synchronized void bindParameters(Map<String, ?> values, SecretMarks marks) {
    Run current = requireRun();
    bound.putAll(values);
    registry().logParameters(current.id(), values, marks);
  }

  public synchronized void metric(String key, double value, long step) {
    Run current = requireRun();
    registry().logMetric(current.id(), key, value, step);
  }

  /** Records a Tribuo evaluation's metrics (see {@link EvaluationMetrics}); returns them. */
  public synchronized Map<String, Double> metrics(Evaluation<?> evaluation) {
    Map<String, Double> values = EvaluationMetrics.of(evaluation);
    Run current = requireRun();
    registry().logMetrics(current.id(), values, 0);
    return values;
  }

  /**
   * Records data checks on the open run and returns it; with no run open (plain Java, a test, a
   * notebook before {@code %stage}) records nothing and returns empty: checks never open a run.
   */
  public synchronized Optional<Run> recordChecks(List<CheckResult> checks) {
    if (run != null) {
      registry().logChecks(run.id(), checks);
    }
    return Optional.ofNullable(run);
  }

  // ---- inputs

  /**
   * Loads a version and records that the open run read it: a {@link Table} for a dataset, a Tribuo
   * {@link Model} for a model, a read-only {@link Path} to a verified copy otherwise.
   */
  public Object input(String ref) {
    return load(ref, InputLoader.Expect.ANY).value();
  }

  /**
   * As {@link #input}, as a {@code type}: a dataset for {@link Table}, a model for a Tribuo {@link
   * Model}, the file for {@link Path}; another kind, or a value of another class, fails naming the
   * version's kind and the call to use.
   */
  public <T> T input(String ref, Class<T> type) {
    return type.cast(load(ref, InputLoader.expectFor(type), type).value());
  }

  /** As {@link #input}, also saying which exact version was read. */
  public Loaded read(String ref) {
    return load(ref, InputLoader.Expect.ANY);
  }

  /** A value {@link #read} loaded, and the exact version it came from. */
  public record Loaded(ArtifactVersion version, Object value) {}

  public Table table(String ref) {
    return (Table) load(ref, InputLoader.Expect.TABLE).value();
  }

  /**
   * As {@link #table}, or empty when no version of {@code ref} exists yet: an optional input, such
   * as the outcomes a server has not sealed yet. Nothing is recorded when it is absent, and a
   * pipeline counts a stage up to date while it stays absent.
   */
  public Optional<Table> tableIfPresent(String ref) {
    requireRun();
    try {
      registry().resolve(PinnedInputs.apply(ref));
    } catch (NotFoundException absent) {
      return Optional.empty();
    }
    return Optional.of(table(ref));
  }

  public Model<?> model(String ref) {
    return (Model<?>) load(ref, InputLoader.Expect.MODEL).value();
  }

  public Path path(String ref) {
    return (Path) load(ref, InputLoader.Expect.PATH).value();
  }

  synchronized Loaded load(String ref, InputLoader.Expect expect) {
    return load(ref, expect, Object.class);
  }

  private synchronized Loaded load(String ref, InputLoader.Expect expect, Class<?> declared) {
    return inputs.load(registry(), requireRun(), PinnedInputs.apply(ref), expect, declared);
  }

  // ---- raw files

  /**
   * Records that the open run read a raw file or folder from outside the factory ({@link
   * RawFiles#locate found} as {@link RawFiles} says) and returns its absolute path. The file is
   * versioned by its content hash under the name {@code file:/absolute/path}. With {@code store}, a
   * file's bytes (a folder's manifest) go into the artifact store too, so the version it read can
   * be read back after the file changes; without, only the hash and location are recorded, for
   * files too large to copy.
   */
  public synchronized Path file(String location, boolean store) {
    return RawInputs.file(registry(), requireRun().id(), location, store);
  }

  /**
   * Reads a raw CSV file into a table named after the file, recording it as {@link #file} does
   * (bytes stored); the table is parsed from the stored bytes, so it is exactly the version
   * recorded.
   */
  public synchronized Table csv(String location) {
    return RawInputs.csv(registry(), requireRun().id(), location);
  }

  // ---- outputs

  /**
   * Stores {@code value} as a new version of {@code name} (or finds the same bytes already there)
   * and records that the open run wrote it. See {@link Factory#output} for the kinds.
   */
  public synchronized ArtifactVersion output(String name, Object value) {
    ArtifactNames.validate(name);
    if (value == null) {
      throw new InvalidInputException("output '" + name + "' is null: there is nothing to store");
    }
    Run current = requireRun();
    OutputSpec spec = OutputEncoder.encode(registry(), current.id(), name, value);
    return registry().logOutput(current.id(), spec);
  }

  // ---- helpers

  static String describe(Throwable error) {
    java.io.StringWriter trace = new java.io.StringWriter();
    error.printStackTrace(new java.io.PrintWriter(trace));
    String text = trace.toString().strip();
    return text.length() > 8000 ? text.substring(0, 8000) + "\n..." : text;
  }

  /**
   * The code version of the notebook ({@link NotebookHash}), which pipelines compare; a file that
   * is not notebook JSON is hashed as bytes.
   */
  static String notebookHash(Path file) {
    try {
      return NotebookHash.of(file);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return bytesHash(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the notebook " + file, e);
    }
  }

  private static String bytesHash(Path file) {
    try {
      return ContentHash.of(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the notebook " + file, e);
    }
  }
}
