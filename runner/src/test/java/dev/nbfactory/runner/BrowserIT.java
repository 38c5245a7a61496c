package dev.nbfactory.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.runner.execute.FactoryProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user in Chromium opens {@code 03-train.ipynb} in Jupyter Notebook (Debian's, classic UI), picks
 * Cell → Run All, and sees the class-balance table, the feature chart and the lineage graph with no
 * error ({@code src/test/browser/run-all.mjs}, Playwright); the registry has the interactive run.
 * The screenshot stays in {@code target/browser/}.
 */
class BrowserIT {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
  private static final Path SCREENSHOT = Path.of("target/browser/03-train.png").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "browser-test-token";
  private static final Map<String, String> ENV = Map.of("FACTORY_HOME", CHECKOUT.toString());

  @TempDir Path dir;
  private Process server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private void factory(String... args) throws Exception {
    var r = FactoryProcess.run(dir, ENV, Duration.ofMinutes(3), args);
    assertThat(r.exitCode()).as("factory %s: %s", String.join(" ", args), r.stderr()).isZero();
  }

  @Test
  void runAllInTheBrowserShowsTheTableTheChartAndTheLineageOfTheModel() throws Exception {
    Path notebooks = dir.resolve("notebooks");
    Files.createDirectories(notebooks);
    try (Stream<Path> files = Files.list(CHECKOUT.resolve("notebooks"))) {
      for (Path f : files.toList()) {
        Files.copy(f, notebooks.resolve(f.getFileName()));
      }
    }
    Path prefix = dir.resolve("python-env");
    factory("init");
    factory("kernel", "install", "--prefix", prefix.toString());
    // 03-train reads what these two write.
    factory("run", "notebooks/01-ingest.ipynb", "output/01-ingest.ipynb");
    factory("run", "notebooks/02-features.ipynb", "output/02-features.ipynb");

    String base = startServer(notebooks, prefix);
    Files.createDirectories(SCREENSHOT.getParent());
    Files.deleteIfExists(SCREENSHOT);
    Path log = dir.resolve("browser.log");
    Process node =
        new ProcessBuilder("node", "run-all.mjs", base, TOKEN, SCREENSHOT.toString())
            .directory(SCRIPTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!node.waitFor(8, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new AssertionError("run-all.mjs did not end in 8 min: " + Files.readString(log));
    }
    assertThat(node.exitValue())
        .as(
            "node run-all.mjs (needs 'npm ci' in %s, as bin/test does): %s",
            SCRIPTS, Files.readString(log))
        .isZero();
    assertThat(SCREENSHOT).isRegularFile();
    try (var in = Files.newInputStream(SCREENSHOT)) {
      assertThat(in.readNBytes(8))
          .as("a PNG")
          .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
    }

    // While the notebook's kernel lives, its run is open; shutting the kernel down ends it.
    Run train = trainRun();
    assertThat(train.kind()).isEqualTo(RunKind.INTERACTIVE);
    assertThat(train.status()).isEqualTo(RunStatus.RUNNING);
    try (Registry registry = registry()) {
      assertThat(registry.outputs(train.id()))
          .extracting(ArtifactVersion::name)
          .contains("cancer-model");
    }
    shutDownNotebook(base, "03-train.ipynb");
    Instant deadline = Instant.now().plusSeconds(30);
    while (trainRun().status() == RunStatus.RUNNING && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(trainRun().status()).isEqualTo(RunStatus.SUCCEEDED);
  }

  private Registry registry() {
    return Registry.open(dir.resolve(".factory").toString());
  }

  private Run trainRun() {
    try (Registry registry = registry()) {
      List<Run> runs = registry.runs(RunQuery.all().withStage("train"));
      assertThat(runs).as("runs of stage train").hasSize(1);
      return runs.get(0);
    }
  }

  /** Jupyter Notebook on a free loopback port, kernels finding the spec and the registry. */
  private String startServer(Path notebooks, Path prefix) throws Exception {
    Path runtime = dir.resolve("runtime");
    Files.createDirectories(runtime);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb =
        new ProcessBuilder(
                "jupyter",
                "notebook",
                "--no-browser",
                "--allow-root",
                "--ip=127.0.0.1",
                "--port=" + port,
                "--NotebookApp.token=" + TOKEN,
                "--notebook-dir=" + notebooks)
            .directory(notebooks.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile());
    pb.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
    pb.environment().put("JUPYTER_RUNTIME_DIR", runtime.toString());
    pb.environment().put("FACTORY_REGISTRY", dir.resolve(".factory").toString());
    pb.environment().put("FACTORY_HOME", CHECKOUT.toString());
    server = pb.start();
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      try (Stream<Path> files = Files.list(runtime)) {
        if (files.anyMatch(p -> p.getFileName().toString().startsWith("nbserver-"))) {
          return "http://127.0.0.1:" + port;
        }
      }
      assertThat(server.isAlive())
          .as("jupyter notebook exited: " + Files.readString(dir.resolve("server.log")))
          .isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError(
        "jupyter notebook did not start: " + Files.readString(dir.resolve("server.log")));
  }

  /** Ends the notebook's session as File → Close and Halt does: its kernel shuts down. */
  private static void shutDownNotebook(String base, String path)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> sessions =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/sessions"))
                .header("Authorization", "token " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String id = null;
    for (JsonNode session : JSON.readTree(sessions.body())) {
      if (session.path("path").asText().equals(path)) {
        id = session.path("id").asText();
      }
    }
    assertThat(id).as("a session of %s in %s", path, sessions.body()).isNotNull();
    HttpResponse<String> deleted =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/sessions/" + id))
                .header("Authorization", "token " + TOKEN)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
  }
}
