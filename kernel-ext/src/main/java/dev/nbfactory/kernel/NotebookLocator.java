package dev.nbfactory.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the notebook file this kernel runs for. The Jupyter protocol never tells a kernel, so, in
 * order: {@code FACTORY_NOTEBOOK} (set by the headless runner); {@code JPY_SESSION_NAME} (set by
 * jupyter_server 2 and later); else the Jupyter server that started the kernel is asked through its
 * REST API ({@code /api/sessions}), found from the {@code nbserver-*.json} / {@code
 * jpserver-*.json} files in the runtime folder that holds the kernel's connection file. Empty when
 * no server knows the kernel (nbconvert, jupyter console).
 */
public final class NotebookLocator {
  private static final Pattern KERNEL_FILE = Pattern.compile("kernel-(.+)\\.json");
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path connectionFile;
  private final Map<String, String> env;
  private final Path workingDir;

  public NotebookLocator(Path connectionFile, Map<String, String> env, Path workingDir) {
    this.connectionFile = connectionFile;
    this.env = env;
    this.workingDir = workingDir;
  }

  /** The notebook's absolute path, looked up afresh each time (a notebook can be renamed). */
  public Optional<Path> find() {
    String explicit = env.get("FACTORY_NOTEBOOK");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(workingDir.resolve(explicit).toAbsolutePath().normalize());
    }
    String session = env.get("JPY_SESSION_NAME");
    if (session != null && !session.isBlank()) {
      Optional<Path> p = existing(session);
      if (p.isPresent()) {
        return p;
      }
    }
    return askServers();
  }

  /**
   * The session name as given, or its file name in the kernel's folder (servers start us there).
   */
  private Optional<Path> existing(String session) {
    Path given = workingDir.resolve(session).toAbsolutePath().normalize();
    if (Files.isRegularFile(given)) {
      return Optional.of(given);
    }
    Path fileName = Path.of(session).getFileName();
    if (fileName == null) {
      return Optional.empty();
    }
    Path beside = workingDir.resolve(fileName).toAbsolutePath().normalize();
    return Files.isRegularFile(beside) ? Optional.of(beside) : Optional.empty();
  }

  private Optional<Path> askServers() {
    if (connectionFile == null || connectionFile.getParent() == null) {
      return Optional.empty();
    }
    Matcher m = KERNEL_FILE.matcher(String.valueOf(connectionFile.getFileName()));
    if (!m.matches()) {
      return Optional.empty();
    }
    String kernelId = m.group(1);
    try (DirectoryStream<Path> servers =
        Files.newDirectoryStream(connectionFile.getParent(), "{nbserver,jpserver}-*.json")) {
      HttpClient http = HttpClient.newBuilder().connectTimeout(ASK_TIMEOUT).build();
      for (Path serverFile : servers) {
        Optional<Path> found = ask(http, serverFile, kernelId);
        if (found.isPresent()) {
          return found;
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** One server's answer: the session whose kernel is this one, resolved against its root. */
  private static Optional<Path> ask(HttpClient http, Path serverFile, String kernelId) {
    try {
      JsonNode server = JSON.readTree(serverFile.toFile());
      long pid = server.path("pid").asLong(-1);
      if (pid > 0 && ProcessHandle.of(pid).isEmpty()) {
        return Optional.empty(); // a stale file of a server that is gone
      }
      String url = server.path("url").asText("");
      String root = server.path("root_dir").asText(server.path("notebook_dir").asText(""));
      if (url.isEmpty() || root.isEmpty()) {
        return Optional.empty();
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
                  URI.create(url.endsWith("/") ? url : url + "/").resolve("api/sessions"))
              .timeout(ASK_TIMEOUT);
      String token = server.path("token").asText("");
      if (!token.isEmpty()) {
        request.header("Authorization", "token " + token);
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      for (JsonNode session : JSON.readTree(response.body())) {
        if (kernelId.equals(session.path("kernel").path("id").asText())) {
          String path =
              session.path("path").asText(session.path("notebook").path("path").asText(""));
          if (!path.isEmpty()) {
            return Optional.of(Path.of(root).resolve(path).toAbsolutePath().normalize());
          }
        }
      }
      return Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
