package dev.nbfactory.runner.testing;

import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.runner.execute.HeadlessRun;
import java.nio.file.Path;
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
    HeadlessRun.Result result =
        HeadlessRun.of(input)
            .output(output)
            .parameters(parameters)
            .strict(true)
            .progress(false)
            .registry(location)
            .keepKernel()
            .run();
    current =
        new StageRun(
            location,
            result.stage(),
            result.runId(),
            result.result(),
            result.executed(),
            output,
            result.keptKernel());
    return current;
  }
}
