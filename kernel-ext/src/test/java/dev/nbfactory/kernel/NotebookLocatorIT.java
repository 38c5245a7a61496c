package dev.nbfactory.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Jupyter Notebook server (Debian's package) opens a notebook in a sub-folder; the locator,
 * given only the kernel's connection file, finds that notebook through the server.
 */
class NotebookLocatorIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "locator-test-token";

  @TempDir Path root;
  @TempDir Path runtime;
  private Process server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  @Test
  void findsTheNotebookOfAKernelThatANotebookServerStarted() throws Exception {
    Path notebook = root.resolve("stages/01 ingest.ipynb");
    Files.createDirectories(notebook.getParent());
    Files.writeString(
        notebook, "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
    int port = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                "jupyter",
                "notebook",
                "--no-browser",
                "--allow-root",
                "--ip=127.0.0.1",
                "--port=" + port,
                "--NotebookApp.token=" + TOKEN,
                "--notebook-dir=" + root)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(runtime.resolve("server.log").toFile());
    pb.environment().put("JUPYTER_RUNTIME_DIR", runtime.toString());
    server = pb.start();
    String base = "http://127.0.0.1:" + port + "/";
    HttpClient http = HttpClient.newHttpClient();
    awaitServerFile();

    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "api/sessions"))
                .header("Authorization", "token " + TOKEN)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"path\": \"stages/01 ingest.ipynb\", \"type\": \"notebook\","
                            + " \"name\": \"\", \"kernel\": {\"name\": \"python3\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode session = JSON.readTree(created.body());
    String kernelId = session.path("kernel").path("id").asText();
    Path connectionFile = runtime.resolve("kernel-" + kernelId + ".json");
    assertThat(connectionFile).exists();

    NotebookLocator locator = new NotebookLocator(connectionFile, Map.of(), notebook.getParent());
    assertThat(locator.find()).contains(notebook.toRealPath());

    // Another kernel id is not this notebook's; the runner's explicit setting wins over servers.
    assertThat(new NotebookLocator(runtime.resolve("kernel-0000.json"), Map.of(), root).find())
        .isEmpty();
    assertThat(
            new NotebookLocator(connectionFile, Map.of("FACTORY_NOTEBOOK", "other.ipynb"), root)
                .find())
        .contains(root.resolve("other.ipynb"));
  }

  @Test
  void jupyterServerSessionNameIsUsedWhenTheFileIsThere() throws IOException {
    Path notebook = root.resolve("train.ipynb");
    Files.writeString(notebook, "{}");
    NotebookLocator locator =
        new NotebookLocator(null, Map.of("JPY_SESSION_NAME", "work/train.ipynb"), root);
    assertThat(locator.find()).contains(notebook);
    assertThat(new NotebookLocator(null, Map.of("JPY_SESSION_NAME", "gone.ipynb"), root).find())
        .isEqualTo(Optional.empty());
  }

  private void awaitServerFile() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      try (Stream<Path> files = Files.list(runtime)) {
        if (files.anyMatch(p -> p.getFileName().toString().startsWith("nbserver-"))) {
          return;
        }
      }
      assertThat(server.isAlive())
          .as("jupyter notebook exited: " + Files.readString(runtime.resolve("server.log")))
          .isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError(
        "jupyter notebook wrote no server file: "
            + Files.readString(runtime.resolve("server.log")));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
