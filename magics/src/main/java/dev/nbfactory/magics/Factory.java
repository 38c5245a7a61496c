package dev.nbfactory.magics;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.internal.chartpart.Chart;
import org.tribuo.Model;
import org.tribuo.evaluation.Evaluation;
import tech.tablesaw.api.Table;

/**
 * What a notebook calls to be a factory stage: static helpers over the JVM's {@link
 * FactorySession#global() session}, so a cell reads {@code Table customers =
 * Factory.table("customers@3");}. The same calls work from plain Java (tests, the headless runner)
 * once {@link FactorySession#configure} has said where the registry is; by default it is {@link
 * Registry#discover()}.
 *
 * <p>Every call that records something opens a run if none is open; see {@link FactorySession}.
 */
public final class Factory {
  private Factory() {}

  private static FactorySession session() {
    return FactorySession.global();
  }

  /**
   * Opens a run of stage {@code name}, or continues it if it is the stage already open; a different
   * stage first finishes the open run as succeeded. Records the notebook's path and content hash,
   * Java version, classpath coordinates, git commit, host and user.
   */
  public static Run stage(String name) {
    return session().stage(name);
  }

  public static Run stage(String name, String description) {
    return session().stage(name, description);
  }

  /**
   * Records the run's parameters. Values named like a secret ({@code password}, {@code token},
   * {@code api_key} ...) are stored masked. Returns what was stored.
   */
  public static Map<String, String> parameters(Map<String, ?> values) {
    return session().parameters(values, List.of());
  }

  /** As {@link #parameters(Map)}, also masking the values of {@code secretNames}. */
  public static Map<String, String> parameters(
      Map<String, ?> values, Collection<String> secretNames) {
    return session().parameters(values, secretNames);
  }

  /**
   * Loads a version and records that this run read it: a Tablesaw {@link Table} for a dataset, a
   * Tribuo {@link Model} for a model, a read-only {@link Path} to a verified copy for anything
   * else. {@code ref} is {@code name} (the latest), {@code name@3}, {@code name@production} (an
   * alias) or {@code name@3f2a9c1} (a hash prefix). In the Java (Factory) kernel a declaration
   * takes the declared type: {@code Table t = Factory.input("customers");} and {@code Model<Label>
   * m = Factory.input("churn-model@production");} run as {@link #input(String, Class)}; elsewhere
   * use that form, or {@link #table}, {@link #model} and {@link #path}.
   */
  public static Object input(String ref) {
    return session().input(ref);
  }

  /**
   * As {@link #input(String)}, checked against the type the caller declares: a version of another
   * kind fails with a message naming its kind and the call to use, instead of a bare {@code
   * ClassCastException}. The Java (Factory) kernel writes {@code Table t = Factory.input("x");} as
   * {@code Table t = Factory.input("x", Table.class);}.
   */
  public static <T> T input(String ref, Class<T> type) {
    return session().input(ref, type);
  }

  /**
   * Records that this run read a raw file (or folder) and returns its absolute path: {@code
   * data/x.csv} is looked up from the working directory upwards, then under {@code $FACTORY_HOME}
   * ({@link RawFiles}). The file is an input of the run like any artifact, named {@code
   * file:/absolute/path} and versioned by its content hash, and its bytes are kept in the artifact
   * store; a pipeline re-runs the stage, and everything downstream, when the file changes.
   */
  public static Path file(String location) {
    return session().file(location, true);
  }

  /**
   * As {@link #file(String)}; with {@code store} false only the hash and location are recorded (for
   * files too large to copy into the artifact store).
   */
  public static Path file(String location, boolean store) {
    return session().file(location, store);
  }

  /**
   * Reads a raw CSV file (found as {@link #file(String)} finds it) into a table named after the
   * file, recording the file as an input of this run.
   */
  public static Table csv(String location) {
    return session().csv(location);
  }

  /** A dataset as a Tablesaw table, with the column types it was stored with. */
  public static Table table(String ref) {
    return session().table(ref);
  }

  /**
   * A dataset as {@link #table} reads it, or empty while no version of it exists: an optional
   * input, such as {@code Factory.tableIfPresent("cancer-model.feedback")}, the outcomes of served
   * predictions, which a training stage adds to its data once there are any.
   */
  public static Optional<Table> tableIfPresent(String ref) {
    return session().tableIfPresent(ref);
  }

  /** A Tribuo model. */
  public static Model<?> model(String ref) {
    return session().model(ref);
  }

  /** Any version's bytes as a read-only file (a verified copy). */
  public static Path path(String ref) {
    return session().path(ref);
  }

  /**
   * Stores a table as the next version of dataset {@code name} (CSV, with its column types as the
   * schema) and records that this run wrote it. Storing bytes that are already the latest version
   * gives that version back.
   */
  public static ArtifactVersion output(String name, Table table) {
    return session().output(name, table);
  }

  /** Stores a Tribuo model (Tribuo's protobuf, its provenance as JSON metadata). */
  public static ArtifactVersion output(String name, Model<?> model) {
    return session().output(name, model);
  }

  /** Stores an XChart chart as PNG, and its SVG as artifact {@code NAME.svg}. */
  public static ArtifactVersion output(String name, Chart<?, ?> chart) {
    return session().output(name, chart);
  }

  /** Stores a report: HTML if it starts with {@code <}, else Markdown. */
  public static ArtifactVersion output(String name, CharSequence report) {
    return session().output(name, report);
  }

  /** Stores a file's bytes. */
  public static ArtifactVersion output(String name, Path file) {
    return session().output(name, file);
  }

  /** Stores bytes as a file artifact. */
  public static ArtifactVersion output(String name, byte[] bytes) {
    return session().output(name, bytes);
  }

  /**
   * Stores a value whose type is known only at run time (an {@code Object} variable): one of the
   * kinds above, else it fails naming the kinds it takes.
   */
  public static ArtifactVersion output(String name, Object value) {
    return session().output(name, value);
  }

  public static void metric(String key, double value) {
    session().metric(key, value, 0);
  }

  public static void metric(String key, double value, long step) {
    session().metric(key, value, step);
  }

  /**
   * Records a Tribuo evaluation: accuracy, macro and micro F1, per-label precision and recall for a
   * classifier; rmse, mae and r2 for a regressor (see {@link EvaluationMetrics}). Returns them.
   */
  public static Map<String, Double> metrics(Evaluation<?> evaluation) {
    return session().metrics(evaluation);
  }

  /** Finishes the run as succeeded. */
  public static Run finish() {
    return session().finish();
  }

  /** Finishes the run as failed, recording the exception. */
  public static Run fail(Throwable error) {
    return session().fail(error);
  }

  public static Run fail(String error) {
    return session().fail(error);
  }

  /**
   * The run this notebook records into, opening it as any recording call would: its id, stage and
   * the parameters recorded so far (secrets masked).
   */
  public static CurrentRun run() {
    return session().currentRunInfo();
  }

  /** The registry this session records into. */
  public static Registry registry() {
    return session().registry();
  }
}
