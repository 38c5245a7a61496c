package dev.nbfactory.runner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nbfactory.kernel.embed.EmbeddedKernel;
import dev.nbfactory.kernel.wire.WireMessage;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.runner.execute.Outcome;
import dev.nbfactory.runner.execute.RunResult;
import dev.nbfactory.runner.notebook.Cell;
import dev.nbfactory.runner.notebook.NotebookDocument;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One stage notebook run by a {@link StageRunner}: how it ended, the executed notebook, the metrics
 * and artifacts its run recorded, and, while open, its kernel for reading variables. Closing it
 * shuts the kernel down; what was recorded stays.
 */
public final class StageRun implements AutoCloseable {
  private final RegistryLocation location;
  private final String stage;
  private final String runId;
  private final RunResult result;
  private final NotebookDocument executed;
  private final Path notebook;
  private EmbeddedKernel kernel;

  StageRun(
      RegistryLocation location,
      String stage,
      String runId,
      RunResult result,
      NotebookDocument executed,
      Path notebook,
      EmbeddedKernel kernel) {
    this.location = location;
    this.stage = stage;
    this.runId = runId;
    this.result = result;
    this.executed = executed;
    this.notebook = notebook;
    this.kernel = kernel;
  }

  public String stage() {
    return stage;
  }

  /** The run's id in the registry. */
  public String runId() {
    return runId;
  }

  /** How the run ended; for a failure, the cell and what it raised. */
  public RunResult result() {
    return result;
  }

  public boolean succeeded() {
    return result.outcome() == Outcome.SUCCEEDED;
  }

  /**
   * Fails the test unless every cell ran without error, with the failing cell, the exception and
   * its trace in the message.
   */
  public StageRun assertSucceeded() {
    if (!succeeded()) {
      StringBuilder message =
          new StringBuilder()
              .append(stage)
              .append(" ")
              .append(result.outcome().name().toLowerCase(java.util.Locale.ROOT));
      if (result.failedCell() >= 0) {
        message.append(" at cell ").append(result.failedCell());
      }
      message.append(": ").append(result.ename()).append(": ").append(result.evalue());
      result.plainTraceback().forEach(line -> message.append('\n').append(line));
      throw new AssertionError(message.append("\nexecuted notebook: ").append(notebook));
    }
    return this;
  }

  /** The executed notebook, as saved (papermill's metadata, outputs, execution counts). */
  public Path notebook() {
    return notebook;
  }

  /**
   * The text a cell showed: its printed output, the plain-text form of its results and displays,
   * and an error's name and message. {@code index} counts every cell of the executed notebook,
   * markdown included, with the injected-parameters cell that follows the parameters cell.
   */
  public String output(int index) {
    List<Cell> cells = executed.cells();
    if (index < 0 || index >= cells.size()) {
      throw new IllegalArgumentException(
          "cell " + index + " does not exist: the executed notebook has " + cells.size());
    }
    return text(cells.get(index));
  }

  /** The text the first cell tagged {@code tag} showed (see {@link #output(int)}). */
  public String output(String tag) {
    return executed
        .firstTagged(tag)
        .map(StageRun::text)
        .orElseThrow(() -> new IllegalArgumentException("no cell is tagged '" + tag + "'"));
  }

  private static String text(Cell cell) {
    StringBuilder text = new StringBuilder();
    for (JsonNode o : cell.outputs()) {
      switch (o.path("output_type").asText()) {
        case "stream" -> text.append(o.path("text").asText());
        case "execute_result", "display_data" ->
            text.append(o.path("data").path("text/plain").asText()).append('\n');
        case "error" ->
            text.append(o.path("ename").asText())
                .append(": ")
                .append(o.path("evalue").asText())
                .append('\n');
        default -> {
          // nothing to read as text
        }
      }
    }
    return text.toString();
  }

  /**
   * Evaluates a Java expression in the notebook's kernel, after its last cell, and returns the
   * plain-text form of its value (as a cell showing it would): {@code value("model")}, {@code
   * value("train.size()")}. For reading: the run is already recorded and closed.
   *
   * @throws AssertionError when the expression does not compile or throws
   */
  public String value(String expression) {
    if (kernel == null) {
      throw new IllegalStateException(
          "no kernel to ask: "
              + (result.outcome() == Outcome.KERNEL_DIED
                  ? "it did not start (" + result.evalue() + ")"
                  : "the run is closed"));
    }
    StringBuilder plain = new StringBuilder();
    List<String> printed = new ArrayList<>();
    EmbeddedKernel.Reply reply =
        kernel.execute(
            expression,
            (WireMessage m) -> {
              if (m.type().equals("execute_result")) {
                var data = m.content().getAsJsonObject("data");
                if (data != null && data.has("text/plain")) {
                  plain.append(data.get("text/plain").getAsString());
                }
              } else if (m.type().equals("stream")) {
                printed.add(m.string("text", ""));
              }
            },
            () -> {});
    if (!reply.ok()) {
      throw new AssertionError(
          "`"
              + expression
              + "` failed in "
              + stage
              + ": "
              + reply.content().get("ename")
              + ": "
              + reply.content().get("evalue"));
    }
    return plain.length() > 0 ? plain.toString() : String.join("", printed);
  }

  /** The run's metrics, the last value of each key. */
  public Map<String, Double> metrics() {
    return read(
        registry -> {
          Map<String, Double> last = new LinkedHashMap<>();
          for (Metric m : registry.metrics(runId)) {
            last.put(m.key(), m.value());
          }
          return last;
        });
  }

  /** One metric's last value; fails the test, naming those there are, when it was not logged. */
  public double metric(String key) {
    Map<String, Double> all = metrics();
    Double value = all.get(key);
    if (value == null) {
      throw new AssertionError(
          stage + " logged no metric '" + key + "'; it logged " + all.keySet());
    }
    return value;
  }

  /** What the run wrote, by artifact name (the executed notebook is one, as STAGE.ipynb). */
  public Map<String, ArtifactVersion> artifacts() {
    return read(
        registry -> {
          Map<String, ArtifactVersion> byName = new LinkedHashMap<>();
          registry.outputs(runId).forEach(v -> byName.put(v.name(), v));
          return byName;
        });
  }

  /** Anything else about the run, from its registry: inputs, lineage, aliases. */
  public <T> T read(Function<Registry, T> query) {
    try (Registry registry = Registry.open(location, Clock.systemUTC())) {
      return query.apply(registry);
    }
  }

  /** Shuts the kernel down. */
  @Override
  public synchronized void close() {
    if (kernel != null) {
      kernel.close();
      kernel = null;
    }
  }
}
