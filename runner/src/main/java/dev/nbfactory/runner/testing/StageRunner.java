package dev.nbfactory.runner.testing;

import dev.nbfactory.kernel.KernelSettings;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.runner.execute.HeadlessRecorder;
import dev.nbfactory.runner.execute.NotebookExecutor;
import dev.nbfactory.runner.execute.RunOptions;
import dev.nbfactory.runner.execute.RunResult;
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

/**
 * Runs stage notebooks from a team's own tests, as testbook and nbval do for Python notebooks: the
 * notebook goes through the same runner as {@code factory run} (parameters injected after its
 * {@code parameters} cell, every cell executed in this JVM, the run recorded in the registry), and
 * the {@link StageRun} it returns keeps the kernel up so the test can read variables.
 *
 * <pre>{@code
 * @TempDir Path dir;
 *
 * @Test
 * void trainingLearnsTheCleanData() {
 *   StageRunner stages = StageRunner.in(dir);
 *   stages.run(Path.of("notebooks/01-ingest.ipynb")).assertSucceeded();
 *   stages.run(Path.of("notebooks/02-features.ipynb")).assertSucceeded();
 *   try (StageRun train = stages.run(Path.of("notebooks/03-train.ipynb"), Map.of("epochs", 5))) {
 *     train.assertSucceeded();
 *     assertThat(train.metric("train_accuracy")).isGreaterThan(0.9);
 *     assertThat(train.value("train.size()")).isEqualTo("427");
 *     assertThat(train.artifacts()).containsKey("cancer-model");
 *   }
 * }
 * }</pre>
 *
 * Parameters are strict: a name the notebook's parameters cell does not declare fails the run
 * before anything executes, so a renamed parameter cannot leave a test silently testing the
 * default. One kernel lives at a time in a JVM: starting a run closes the previous one's kernel.
 */
public final class StageRunner {
  private final Path dir;
  private final RegistryLocation location;
  private StageRun current;

  private StageRunner(Path dir, RegistryLocation location) {
    this.dir = dir;
    this.location = location;
  }

  /** A registry in {@code dir/.factory}, executed notebooks in {@code dir/output}. */
  public static StageRunner in(Path dir) {
    return new StageRunner(dir, RegistryLocation.ofFolder(dir.resolve(RegistryLocation.FOLDER)));
  }

  /**
   * Runs against the registry {@code registry} names (a folder or a JDBC URL, as {@code --registry}
   * takes it); executed notebooks go to {@code dir/output}.
   */
  public static StageRunner in(Path dir, String registry) {
    return new StageRunner(dir, RegistryLocation.parse(registry, System.getenv()));
  }

  /** Where the runs are recorded. */
  public RegistryLocation registry() {
    return location;
  }

  /** Runs {@code notebook} with the values of its parameters cell. */
  public StageRun run(Path notebook) {
    return run(notebook, Map.of());
  }

  /**
   * Runs {@code notebook} with {@code parameters} (Java values: numbers, booleans, strings, null,
   * lists and maps of them) injected as {@code factory run -p} would.
   *
   * @throws dev.nbfactory.registry.FactoryException for a malformed notebook or a parameter it does
   *     not declare; nothing runs then
   */
  public synchronized StageRun run(Path notebook, Map<String, ?> parameters) {
    if (current != null) {
      current.close();
    }
    Path input = notebook.toAbsolutePath();
    Path output = dir.resolve("output").resolve(input.getFileName());
    PrintWriter out = writer(System.out);
    PrintWriter err = writer(System.err);
    RunOptions options =
        new RunOptions(
            input,
            output,
            new LinkedHashMap<>(parameters),
            true,
            null,
            Duration.ofSeconds(60),
            false,
            false,
            false,
            false);
    NotebookExecutor executor =
        new NotebookExecutor(
            options, out, err, Clock.systemUTC(), new NotebookExecutor.RunObserver() {});
    executor.prepare();
    String stage = StageScanner.scan(input).stage();
    ParameterBinding binding = executor.binding();
    try (Registry registry = Registry.open(location, Clock.systemUTC())) {
      HeadlessRecorder recorder =
          new HeadlessRecorder(
              registry,
              stage,
              input,
              binding.recorded(),
              binding.markedSecret(),
              RunKind.HEADLESS,
              null,
              null,
              null,
              HeadlessRecorder.heartbeat(System.getenv()),
              () -> {});
      executor.observe(recorder);
      executor.keepKernel();
      RunResult result =
          executor.execute(
              KernelSettings.fromEnvironment(System.getenv()).withMode(RunKind.HEADLESS));
      current =
          new StageRun(
              location,
              stage,
              recorder.runId(),
              result,
              executor.document(),
              output,
              executor.keptKernel());
      return current;
    }
  }

  private static PrintWriter writer(java.io.OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }
}
