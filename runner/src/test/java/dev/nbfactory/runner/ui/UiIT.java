package dev.nbfactory.runner.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.ContentHash;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.runner.execute.FactoryProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code factory ui} over the registry {@code factory demo} makes (with its loop turned), plus a
 * small tuning stage run three times and a hostile stage that fails: Chromium walks every page
 * ({@code src/test/browser/ui.mjs}), and plain HTTP checks the token, the loopback host check, path
 * traversal and verified downloads. Screenshots stay in {@code target/ui/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiIT {
  static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
  private static final Path SHOTS = Path.of("target/ui").toAbsolutePath();
  private static final Pattern URL = Pattern.compile("factory ui at (http://\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private Map<String, String> env;
  private final List<Process> servers = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void demo() throws Exception {
    env = Map.of("FACTORY_HOME", CHECKOUT.toString());
    var demo = FactoryProcess.run(dir, env, Duration.ofMinutes(5), "demo");
    assertThat(demo.exitCode()).as(demo.stderr()).isZero();
    Map<String, String> onDemo = new HashMap<>(env);
    onDemo.put("FACTORY_REGISTRY", registryPath().toString());
    env = Map.copyOf(onDemo);
    for (String name : List.of("tune.ipynb", "hostile.ipynb", "slow.ipynb")) {
      Files.copy(Path.of("src/test/resources/ui", name), dir.resolve(name));
    }
    for (String alpha : List.of("0.1", "0.3", "0.5")) {
      var r = FactoryProcess.run(dir, env, "run", "tune.ipynb", "-p", "alpha", alpha);
      assertThat(r.exitCode()).as(r.stderr()).isZero();
    }
    var hostile = FactoryProcess.run(dir, env, "run", "hostile.ipynb");
    assertThat(hostile.exitCode()).as("the hostile stage fails on purpose").isNotZero();
  }

  private Path registryPath() {
    return dir.resolve("demo/.factory");
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : servers) {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    servers.clear();
  }

  /** Starts {@code factory ui} on a free port; returns the address it printed. */
  private String ui(Map<String, String> extraEnv, String... args) throws Exception {
    Map<String, String> all = new HashMap<>(env);
    all.putAll(extraEnv);
    List<String> command = new ArrayList<>(List.of("ui", "--port", "0"));
    command.addAll(List.of(args));
    Path err = Files.createTempFile(dir, "ui", ".err");
    Process p =
        FactoryProcess.builder(dir, all, command.toArray(String[]::new))
            .redirectError(err.toFile())
            .start();
    servers.add(p);
    String line =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    assertThat(line).as("factory ui printed nothing: %s", Files.readString(err)).isNotNull();
    Matcher m = URL.matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return m.group(1);
  }

  @Test
  void aTeamLeadWalksTheFactoryFloorInChromium() throws Exception {
    String base = ui(Map.of()).replaceAll("/$", "");
    ObjectNode plan = JSON.createObjectNode();
    List<Run> tunes;
    Run hostile;
    Run train;
    try (Registry registry = Registry.open(registryPath().toString())) {
      tunes = registry.runs(RunQuery.all().withStage("tune").sortedBy(RunQuery.Sort.STARTED, true));
      hostile = registry.runs(RunQuery.all().withStage("hostile")).get(0);
      train = registry.runs(RunQuery.all().withStage("train")).get(0);
    }
    assertThat(tunes).hasSize(3);
    assertThat(hostile.status()).isEqualTo(RunStatus.FAILED);
    ObjectNode pages = plan.putObject("pages");
    pages.put("runs", "/runs");
    pages.put("run", "/runs/" + train.id());
    pages.put("artifacts", "/artifacts");
    pages.put("model", "/artifact?name=cancer-model");
    pages.put("dataset", "/artifact?name=cancer-train");
    pages.put("lineage", "/lineage?ref=cancer-model%40production");
    pages.put("models", "/models");
    pages.put("metrics", "/metrics?stage=evaluate&metric=accuracy");
    pages.put("compare", "/compare?run=" + tunes.get(0).id() + "&run=" + tunes.get(2).id());
    pages.put("schedules", "/schedules");
    pages.put("schedule", "/schedules/retrain");
    pages.put("search", "/search?q=cancer");
    plan.put("stage", "tune");
    plan.put("metric", "score");
    plan.put("compareStage", "tune");
    plan.put("compareMetric", "score");
    plan.putArray("compareRuns").add(tunes.get(0).id()).add(tunes.get(1).id());
    plan.put("differingParameter", "alpha");
    plan.put("lineageRef", "cancer-model@production");
    plan.put("failedRun", hostile.id());
    plan.put("tracebackText", "boom from the hostile stage");
    plan.put("schedule", "retrain");
    plan.put("hostileRun", hostile.id());
    Path planFile = dir.resolve("plan.json");
    JSON.writeValue(planFile.toFile(), plan);
    Files.createDirectories(SHOTS);
    Path log = dir.resolve("browser.log");
    Process node =
        new ProcessBuilder("node", "ui.mjs", base, SHOTS.toString(), planFile.toString())
            .directory(SCRIPTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!node.waitFor(5, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new AssertionError("ui.mjs did not end in 5 min: " + Files.readString(log));
    }
    assertThat(node.exitValue())
        .as(
            "node ui.mjs (needs 'npm ci' in %s, as bin/test does): %s",
            SCRIPTS, Files.readString(log))
        .isZero();
    assertThat(SHOTS.resolve("runs.png")).isRegularFile();
    try (Registry registry = Registry.open(registryPath().toString())) {
      assertThat(registry.schedules().events("retrain", 5))
          .as("pause and resume are recorded as the command line records them")
          .anySatisfy(e -> assertThat(e.event()).isEqualTo("PAUSED"))
          .anySatisfy(e -> assertThat(e.user()).endsWith("(ui)"));
      assertThat(registry.schedules().get("retrain").paused()).isFalse();
    }
  }

  @Test
  void theRunsPagesFollowARunningRunToItsEnd() throws Exception {
    String base = ui(Map.of()).replaceAll("/$", "");
    Process slow =
        FactoryProcess.builder(dir, env, "run", "slow.ipynb")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("slow.log").toFile())
            .start();
    String runId = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (runId == null && System.nanoTime() < deadline) {
      try (Registry registry = Registry.open(registryPath().toString())) {
        runId =
            registry.runs(RunQuery.all().withStage("slow").withStatus(RunStatus.RUNNING)).stream()
                .map(Run::id)
                .findFirst()
                .orElse(null);
      } catch (RuntimeException e) {
        // the stage is not known yet
      }
      Thread.sleep(100);
    }
    assertThat(runId).as("a running run of stage slow").isNotNull();
    Files.createDirectories(SHOTS);
    Path log = dir.resolve("live.log");
    Process node =
        new ProcessBuilder("node", "live.mjs", base, runId, SHOTS.toString())
            .directory(SCRIPTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!node.waitFor(3, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new AssertionError("live.mjs did not end in 3 min: " + Files.readString(log));
    }
    assertThat(slow.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(slow.exitValue()).as(Files.readString(dir.resolve("slow.log"))).isZero();
    assertThat(node.exitValue()).as(Files.readString(log)).isZero();
  }

  @Test
  void aNonLoopbackAddressNeedsTheTokenOnceThenTheCookie() throws Exception {
    String printed = ui(Map.of("FACTORY_UI_TOKEN", "ui-test-token"), "--host", "0.0.0.0");
    assertThat(printed).contains("?token=ui-test-token");
    String port = printed.replaceAll(".*:(\\d+)/.*", "$1");
    String base = "http://127.0.0.1:" + port;
    HttpResponse<String> without = get(base + "/runs", Map.of());
    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(without.body()).contains("token").doesNotContain("cancer");
    assertThat(get(base + "/runs?token=wrong", Map.of()).statusCode()).isEqualTo(401);
    HttpResponse<String> with = get(base + "/runs?token=ui-test-token", Map.of());
    assertThat(with.statusCode()).isEqualTo(200);
    String cookie = with.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
    HttpResponse<String> again =
        get(base + "/models", Map.of("Cookie", cookie.substring(0, cookie.indexOf(';'))));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("cancer-model");
  }

  @Test
  void traversalForeignHostsAndForgedFormsAreRefusedAndDownloadsAreVerified() throws Exception {
    String base = ui(Map.of()).replaceAll("/$", "");
    for (String path :
        List.of(
            "/static/..%2F..%2F..%2Fetc%2Fpasswd",
            "/static/..%2Fui%2FPages.class",
            "/download?name=..%2F..%2F..%2Fetc%2Fpasswd",
            "/download?name=cancer-model&version=..%2F..%2Fetc%2Fpasswd",
            "/artifact?name=..%2F..%2Fobjects")) {
      HttpResponse<String> r = get(base + path, Map.of());
      assertThat(r.statusCode()).as(path).isBetween(400, 404);
      assertThat(r.body()).as(path).doesNotContain("root:x:0");
    }
    assertThat(statusWithHost(base + "/runs", "attacker.example:80"))
        .as("a page of another site, rebound to loopback, is refused")
        .isEqualTo(403);
    HttpResponse<String> forged =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/schedules/retrain/pause"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("form=guess"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(400);
    try (Registry registry = Registry.open(registryPath().toString())) {
      assertThat(registry.schedules().get("retrain").paused()).isFalse();
    }

    ArtifactVersion model;
    try (Registry registry = Registry.open(registryPath().toString())) {
      model = registry.resolve("cancer-model@production");
    }
    HttpResponse<byte[]> download =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/download?name=cancer-model&version=" + model.version()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(ContentHash.of(download.body())).isEqualTo(model.contentHash());

    // A stored object that no longer matches its hash is never served as if it did.
    Path object = objectPath(model.contentHash());
    object.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(object);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(object, bytes);
    HttpResponse<String> broken =
        get(base + "/download?name=cancer-model&version=" + model.version(), Map.of());
    assertThat(broken.statusCode()).isEqualTo(500);
  }

  private Path objectPath(String hash) throws Exception {
    try (var files = Files.walk(registryPath())) {
      return files
          .filter(
              p ->
                  p.getFileName().toString().equals(hash.substring(2))
                      && p.getParent().getFileName().toString().equals(hash.substring(0, 2)))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no object file " + hash));
    }
  }

  private HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The status of a GET naming {@code host}: Java's client will not set Host, a raw request does.
   */
  private static int statusWithHost(String url, String host) throws Exception {
    URI uri = URI.create(url);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + uri.getRawPath()
                      + " HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return Integer.parseInt(response.substring(9, 12));
    }
  }
}
