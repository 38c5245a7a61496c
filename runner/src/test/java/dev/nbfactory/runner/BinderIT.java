package dev.nbfactory.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.runner.pipeline.TemplateStages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Binder environment as repo2docker builds it: {@code binder/postBuild} runs from the root of a
 * copy of the repository (repo2docker copies the repository into the image), with {@code
 * NB_PYTHON_PREFIX} set; then Jupyter's nbconvert executes every example notebook and every
 * template made into a stage with the kernel it installed, as a user opening them would.
 */
class BinderIT {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> EXAMPLES =
      List.of(
          "01-ingest.ipynb",
          "02-features.ipynb",
          "03-train.ipynb",
          "04-evaluate.ipynb",
          "05-report.ipynb",
          "06-score.ipynb");
  private static final Set<String> EXAMPLE_STAGES =
      Set.of("ingest", "features", "train", "evaluate", "report", "score");

  @TempDir Path scratch;

  @Test
  void postBuildMakesAnImageWhereEveryExampleNotebookAndTemplateRuns() throws Exception {
    Path repo = scratch.resolve("repo");
    Path prefix = scratch.resolve("python-env");
    copyRepository(repo);
    Map<String, byte[]> notebooksBefore = contents(repo.resolve("notebooks"));

    ProcessBuilder postBuild = new ProcessBuilder(repo.resolve("binder/postBuild").toString());
    postBuild.environment().remove("FACTORY_REGISTRY");
    postBuild.environment().put("NB_PYTHON_PREFIX", prefix.toString());
    run(postBuild.directory(repo.toFile()), scratch.resolve("postBuild.log"), 20);

    Path spec = prefix.resolve("share/jupyter/kernels/factory-java/kernel.json");
    assertThat(spec).isRegularFile();
    JsonNode kernel = JSON.readTree(spec.toFile());
    assertThat(kernel.path("display_name").asText()).isEqualTo("Java (Factory)");
    assertThat(kernel.path("argv").toString()).contains(repo.resolve("runner/target").toString());

    TemplateStages.create(repo, repo);
    List<Path> notebooks = new ArrayList<>();
    EXAMPLES.forEach(name -> notebooks.add(repo.resolve("notebooks").resolve(name)));
    TemplateStages.NOTEBOOKS.forEach(name -> notebooks.add(repo.resolve("stages").resolve(name)));
    Path executed = scratch.resolve("executed");
    for (Path notebook : notebooks) {
      Path out = nbconvert(notebook, prefix, executed);
      assertThat(errors(out)).as("error outputs in %s", out).isEmpty();
    }

    assertThat(contents(repo.resolve("notebooks")))
        .as("postBuild and the kernels leave notebooks/ as it was")
        .containsOnlyKeys(notebooksBefore.keySet())
        .allSatisfy((name, bytes) -> assertThat(bytes).isEqualTo(notebooksBefore.get(name)));
    // The kernels found the registry postBuild made, from notebooks/ and stages/, as on Binder.
    try (Registry registry = Registry.open(repo.resolve(".factory").toString())) {
      Set<String> headless = stagesSucceeded(registry, RunKind.HEADLESS);
      assertThat(headless).isEqualTo(EXAMPLE_STAGES);
      Set<String> interactive = stagesSucceeded(registry, RunKind.INTERACTIVE);
      assertThat(interactive).containsAll(EXAMPLE_STAGES);
      for (String name : TemplateStages.NOTEBOOKS) {
        assertThat(interactive).contains(name.replace(".ipynb", ""));
      }
    }
  }

  /** What {@code git clone} of this working tree would hold: tracked and unignored files. */
  private void copyRepository(Path to) throws Exception {
    Path list = scratch.resolve("files.txt");
    run(
        new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
            .directory(CHECKOUT.toFile()),
        list,
        1);
    for (String name : Files.readString(list, StandardCharsets.UTF_8).split("\0")) {
      Path from = CHECKOUT.resolve(name);
      if (name.isEmpty() || !Files.isRegularFile(from)) {
        continue; // deleted in the working tree
      }
      Files.createDirectories(to.resolve(name).getParent());
      Files.copy(from, to.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  /** {@code jupyter nbconvert --execute} with the kernel spec in {@code prefix}; the output. */
  private Path nbconvert(Path notebook, Path prefix, Path outputDir) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.kernel_name=factory-java",
                "--ExecutePreprocessor.timeout=600",
                "--output-dir",
                outputDir.toString(),
                notebook.toString())
            .directory(notebook.getParent().toFile());
    pb.environment().remove("FACTORY_REGISTRY");
    pb.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
    pb.environment().put("JUPYTER_RUNTIME_DIR", scratch.resolve("runtime").toString());
    String log = "nbconvert-" + notebook.getFileName().toString().replace(".ipynb", ".log");
    run(pb, scratch.resolve(log), 12);
    return outputDir.resolve(notebook.getFileName());
  }

  /** Runs to the end within {@code minutes}; fails the test with the log on a non-zero exit. */
  private static void run(ProcessBuilder pb, Path log, int minutes) throws Exception {
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          pb.command() + " did not end in " + minutes + " min: " + Files.readString(log));
    }
    assertThat(p.exitValue()).as("%s: %s", pb.command(), Files.readString(log)).isZero();
  }

  /** The error outputs of an executed notebook, as "cell id: ename: evalue". */
  private static List<String> errors(Path notebook) throws IOException {
    List<String> errors = new ArrayList<>();
    for (JsonNode cell : JSON.readTree(notebook.toFile()).path("cells")) {
      for (JsonNode output : cell.path("outputs")) {
        if (output.path("output_type").asText().equals("error")) {
          errors.add(
              cell.path("id").asText()
                  + ": "
                  + output.path("ename").asText()
                  + ": "
                  + output.path("evalue").asText());
        }
      }
    }
    return errors;
  }

  private static Set<String> stagesSucceeded(Registry registry, RunKind kind) {
    return registry.runs(RunQuery.all().withKind(kind).withStatus(RunStatus.SUCCEEDED)).stream()
        .map(Run::stage)
        .collect(Collectors.toSet());
  }

  private static Map<String, byte[]> contents(Path dir) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return files;
  }
}
