package dev.nbfactory.runner.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The packaged {@code factory} command as a real process, as bin/factory starts it. */
public final class FactoryProcess {
  private FactoryProcess() {}

  public record Result(int exitCode, String stdout, String stderr) {}

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

  public static ProcessBuilder builder(Path dir, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classpath());
    command.add("dev.nbfactory.runner.cli.FactoryCli");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("FACTORY_REGISTRY", dir.resolve(".factory").toString());
    pb.environment().putAll(env);
    return pb;
  }

  public static Result run(Path dir, String... args) throws IOException, InterruptedException {
    return run(dir, Map.of(), args);
  }

  public static Result run(Path dir, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return run(dir, env, java.time.Duration.ofSeconds(180), args);
  }

  /** Runs to the end, or fails the test after {@code timeout}. */
  public static Result run(
      Path dir, Map<String, String> env, java.time.Duration timeout, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        builder(dir, env, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "factory " + String.join(" ", args) + " did not end in " + timeout.toSeconds() + " s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Checks a notebook with Debian's nbformat, as Jupyter would; returns its papermill metadata. */
  public static String validate(Path notebook) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                "import json, sys, nbformat\n"
                    + "nb = nbformat.read(sys.argv[1], as_version=4)\n"
                    + "nbformat.validate(nb)\n"
                    + "print(json.dumps(nb.metadata.get('papermill')))\n",
                notebook.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("nbformat.validate(%s): %s", notebook, output).isZero();
    return output;
  }
}
