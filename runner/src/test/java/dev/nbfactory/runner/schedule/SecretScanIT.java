package dev.nbfactory.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's secret scan: one secret goes through every path a user has, as real processes ({@code
 * -p}, {@code -y}, an {@code env:} reference, {@code promote}, a pipeline, a scheduled firing, both
 * exports, OpenLineage events to a file), then every byte the factory wrote is searched for it: the
 * registry's database and journal, the object store, output notebooks, logs, exported files, the
 * commands' own output, and the command lines {@code ps} showed while the children ran. It is found
 * nowhere, and yet every run got it.
 */
class SecretScanIT {
  private static final String PARAMETERS = "String apiToken = \"\";\nlong sleepMs = 0;";
  private static final String BODY =
      "%stage sec\nThread.sleep(sleepMs);\nSystem.out.println(\"token chars \" +"
          + " apiToken.length());";

  @TempDir Path dir;
  private Factory factory;
  private Path folder;
  private final String secret = "s3cr3t-" + UUID.randomUUID();

  @BeforeEach
  void init() throws Exception {
    folder = dir.resolve(".factory");
    factory = new Factory(dir, folder.toString());
    factory.env.put("OPENLINEAGE__TRANSPORT__TYPE", "file");
    factory.env.put("OPENLINEAGE__TRANSPORT__LOCATION", dir.resolve("lineage.ndjson").toString());
    assertThat(factory.run("init").exitCode()).isZero();
    factory.notebook("sec", PARAMETERS, BODY);
    Files.createDirectories(dir.resolve("pipe"));
    Files.copy(dir.resolve("sec.ipynb"), dir.resolve("pipe/sec.ipynb"));
  }

  @Test
  void aSecretGivenEveryWayIsFoundNowhereTheFactoryWrites() throws Exception {
    ok(factory.run("run", "sec.ipynb", "out-p.ipynb", "-p", "apiToken", secret));
    ok(factory.run("run", "sec.ipynb", "out-y.ipynb", "-y", "apiToken: " + secret));
    ok(
        factory.run(
            Map.of("API_TOKEN", secret),
            "run",
            "sec.ipynb",
            "out-ref.ipynb",
            "-p",
            "apiToken",
            "env:API_TOKEN"));

    Factory.Result refused =
        factory.run("promote", "sec.ipynb", "--cron", "0 3 * * *", "-p", "apiToken", secret);
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stderr().strip())
        .startsWith("factory: apiToken is a secret, and a schedule keeps no secret's value")
        .contains("-p apiToken env:API_TOKEN")
        .doesNotContain("\n");
    Factory.Result promoted =
        factory.run(
            "promote",
            "sec.ipynb",
            "--cron",
            "0 3 * * *",
            "-p",
            "apiToken",
            "env:API_TOKEN",
            "-p",
            "sleepMs",
            "3000");
    ok(promoted);
    assertThat(promoted.stdout()).contains("apiToken=env:API_TOKEN");

    List<String> commandLines;
    try (ProcessWatch ps = new ProcessWatch()) {
      ok(
          factory.run(
              "pipeline",
              "run",
              "pipe",
              "-p",
              "sec.apiToken",
              secret,
              "-p",
              "sec.sleepMs",
              "3000",
              "--output-dir",
              "pipe-out"));
      ok(factory.run(Map.of("API_TOKEN", secret), "schedules", "trigger", "sec"));
      commandLines = ps.seen();
    }
    // An embedded registry is not exported (a pod cannot reach it); ExportTest checks that the
    // exports reference secrets, never hold them.
    refused(factory.run("export", "airflow", "sec", "-o", "dag.py"));
    refused(factory.run("export", "k8s-cronjob", "sec", "-o", "cronjob.yaml"));
    ok(factory.run("schedules", "show", "sec"));

    // The children were seen, with references where the secret would have been. (The pipeline's
    // own command line holds the secret because this test typed it there.)
    List<String> children =
        commandLines.stream().filter(l -> l.contains("FactoryCli run ")).toList();
    assertThat(children)
        .anyMatch(l -> l.contains("env:FACTORY_SECRET_1"))
        .anyMatch(l -> l.contains("env:API_TOKEN"))
        .noneMatch(l -> l.contains(secret));
    assertThat(commandLines)
        .filteredOn(l -> l.contains(secret))
        .allMatch(l -> l.contains("FactoryCli pipeline run pipe -p sec.apiToken " + secret));
    // Every run got the secret: the notebooks print its length.
    try (Registry registry = Registry.open(folder.toString())) {
      List<Run> runs = registry.stageHistory("sec");
      assertThat(runs).hasSize(5).allMatch(r -> r.status() == RunStatus.SUCCEEDED);
      for (Run run : runs) {
        assertThat(registry.parameters(run.id()))
            .anyMatch(p -> p.name().equals("apiToken") && p.value().equals("********"));
      }
    }
    List<Path> notebooks = outputNotebooks();
    assertThat(notebooks).hasSize(5);
    for (Path nb : notebooks) {
      assertThat(Files.readString(nb)).as(nb.toString()).contains("token chars " + secret.length());
    }
    assertThat(dir.resolve("lineage.ndjson")).content().contains("apiToken");
    assertThat(dir.resolve("cronjob.yaml")).doesNotExist();
    assertThat(dir.resolve("dag.py")).doesNotExist();

    assertThat(filesHolding(secret)).isEmpty();
  }

  private static void ok(Factory.Result r) {
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
  }

  private static void refused(Factory.Result r) {
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isNotZero();
    assertThat(r.stderr()).contains("embedded SQLite");
  }

  private List<Path> outputNotebooks() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.toString().endsWith(".ipynb"))
          .filter(p -> Files.isRegularFile(p))
          // the executed ones: not the notebook, its copy for the pipeline, or the pinned copy
          .filter(
              p ->
                  !p.getFileName().toString().equals("sec.ipynb")
                      || p.startsWith(dir.resolve("pipe-out")))
          .toList();
    }
  }

  /** Every file under the project (the registry, its store, outputs, logs, exports) with it. */
  private List<Path> filesHolding(String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (contains(Files.readAllBytes(file), needle)) {
          found.add(dir.relativize(file));
        }
      }
    }
    return found;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * The command lines {@code ps} shows of the factory's processes, and any that holds the secret,
   * sampled every 100 ms until closed.
   */
  private final class ProcessWatch implements AutoCloseable {
    private final java.util.Set<String> lines = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread thread = new Thread(this::watch, "ps-watch");
    private volatile boolean stop;

    ProcessWatch() {
      thread.setDaemon(true);
      thread.start();
    }

    private void watch() {
      while (!stop) {
        try {
          Process ps = new ProcessBuilder("ps", "-eo", "args", "--no-headers").start();
          String out = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          ps.waitFor();
          out.lines()
              .filter(l -> l.contains("FactoryCli") || l.contains(secret))
              .forEach(lines::add);
          Thread.sleep(100);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    List<String> seen() {
      return List.copyOf(lines);
    }

    @Override
    public void close() {
      stop = true;
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
