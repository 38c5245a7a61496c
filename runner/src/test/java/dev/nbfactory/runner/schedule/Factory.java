package dev.nbfactory.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The packaged {@code factory} command as real processes, for the scheduling tests. */
final class Factory {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final Map<String, String> env = new HashMap<>();

  Factory(Path dir, String registry) {
    this.dir = dir;
    env.put("FACTORY_REGISTRY", registry);
    env.put("FACTORY_OBJECTS", dir.resolve("objects").toString());
    env.put("FACTORY_HEARTBEAT_SECONDS", "1");
  }

  record Result(int exitCode, String stdout, String stderr) {}

  static String classpath() throws IOException {
    Path jar = Path.of(System.getProperty("runner.jar", "target/factory-runner.jar"));
    Path lib = Path.of(System.getProperty("runner.lib", "target/lib"));
    assertThat(jar).as("the packaged runner jar (run through mvn verify)").isRegularFile();
    List<String> cp = new ArrayList<>();
    cp.add(jar.toAbsolutePath().toString());
    try (Stream<Path> jars = Files.list(lib)) {
      jars.filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .forEach(p -> cp.add(p.toAbsolutePath().toString()));
    }
    return String.join(":", cp);
  }

  ProcessBuilder builder(Map<String, String> extra, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classpath());
    command.add("dev.nbfactory.runner.cli.FactoryCli");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    pb.environment().putAll(extra);
    return pb;
  }

  Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  Result run(Map<String, String> extra, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        builder(extra, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("factory " + String.join(" ", args) + " did not end in 180 s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** A background process (a scheduler), its output in {@code log}. */
  Process start(Path log, String... args) throws IOException {
    return builder(Map.of(), args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** A tiny Java notebook: a parameters cell, then a cell that sleeps and prints. */
  Path notebook(String name, String body) throws IOException {
    return notebook(name, "int n = 1;\nlong sleepMs = 0;", body);
  }

  /** A Java notebook of a cell tagged parameters and one other cell. */
  Path notebook(String name, String parameters, String body) throws IOException {
    String json =
        "{\"cells\": [{\"cell_type\": \"code\", \"id\": \"p\", \"metadata\": {\"tags\":"
            + " [\"parameters\"]}, \"execution_count\": null, \"outputs\": [], \"source\": "
            + JSON.writeValueAsString(parameters)
            + "}, {\"cell_type\": \"code\", \"id\": \"b\", \"metadata\": {}, \"execution_count\":"
            + " null, \"outputs\": [], \"source\": "
            + JSON.writeValueAsString(body)
            + "}], \"metadata\": {\"kernelspec\": {\"name\": \"factory-java\", \"display_name\":"
            + " \"Java (Factory)\", \"language\": \"java\"}}, \"nbformat\": 4, \"nbformat_minor\":"
            + " 5}";
    Path file = dir.resolve(name + ".ipynb");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }

  static final String SLEEP_AND_PRINT = "Thread.sleep(sleepMs);\nSystem.out.println(\"n=\" + n);";

  /** Every java process descended from {@code p}, for "no child left behind". */
  static List<ProcessHandle> descendants(Process p) {
    return p.descendants().filter(ProcessHandle::isAlive).toList();
  }

  /** Sends SIGTERM (Process.destroy) or SIGKILL to a process by pid. */
  static void signal(long pid, String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
  }
}
