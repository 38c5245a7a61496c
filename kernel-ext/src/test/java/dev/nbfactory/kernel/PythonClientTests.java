package dev.nbfactory.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a pytest file of {@code src/test/python} with Debian's Python and real Jupyter clients
 * against the packaged kernel: the kernel spec is written into a temporary folder that {@code
 * JUPYTER_PATH} points at. A missing client is a failure, not a skip.
 */
final class PythonClientTests {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Pattern SUMMARY = Pattern.compile("=+ (.*) in [0-9.]+s.*=+");

  private PythonClientTests() {}

  /** pytest's closing line and the whole output. */
  record Result(int exitCode, String output, String summary) {
    int passed() {
      Matcher m = Pattern.compile("(\\d+) passed").matcher(summary);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
  }

  /** The jars the kernel runs from: the packaged kernel jar and its copied dependencies. */
  static List<Path> kernelClasspath() throws IOException {
    Path jar = Path.of(System.getProperty("kernel.jar", "target/kernel.jar"));
    Path lib = Path.of(System.getProperty("kernel.lib", "target/lib"));
    assertThat(jar).as("the packaged kernel jar (run through mvn verify)").isRegularFile();
    List<Path> cp = new ArrayList<>();
    cp.add(jar.toAbsolutePath());
    try (Stream<Path> jars = Files.list(lib)) {
      jars.filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .forEach(p -> cp.add(p.toAbsolutePath()));
    }
    return cp;
  }

  /** Writes the factory-java spec into {@code jupyterPath/kernels}. */
  static void installSpec(Path jupyterPath) throws IOException {
    KernelSpecInstaller.install(
        jupyterPath.resolve("kernels"),
        new KernelSpecInstaller.Spec(
            KernelSpecInstaller.DEFAULT_NAME,
            KernelSpecInstaller.currentJava(),
            KernelSpecInstaller.DEFAULT_JVM_OPTIONS,
            kernelClasspath(),
            Map.of()));
  }

  /**
   * Writes {@code factory-java-insecure}: the same kernel started with {@code --insecure}, which
   * accepts a connection file without a key.
   */
  static void installInsecureSpec(Path jupyterPath) throws IOException {
    Path dir = jupyterPath.resolve("kernels");
    KernelSpecInstaller.install(
        dir,
        new KernelSpecInstaller.Spec(
            "factory-java-insecure",
            KernelSpecInstaller.currentJava(),
            KernelSpecInstaller.DEFAULT_JVM_OPTIONS,
            kernelClasspath(),
            Map.of()));
    Path json = dir.resolve("factory-java-insecure").resolve("kernel.json");
    String text = Files.readString(json, StandardCharsets.UTF_8);
    Files.writeString(
        json,
        text.replace("\"{connection_file}\"", "\"--insecure\",\n    \"{connection_file}\""),
        StandardCharsets.UTF_8);
  }

  static Result pytest(Path jupyterPath, String testFile, long timeoutSeconds)
      throws IOException, InterruptedException {
    assertThat(PYTHON)
        .as("Debian's python3 with jupyter_client and jupyter_kernel_test")
        .isExecutable();
    Path tests = Path.of(System.getProperty("python.tests", "src/test/python")).toAbsolutePath();
    Path log = Files.createTempFile("pytest", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                PYTHON.toString(),
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "-rs",
                "-v",
                tests.resolve(testFile).toString())
            .directory(tests.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
    pb.environment().put("JUPYTER_RUNTIME_DIR", jupyterPath.resolve("runtime").toString());
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    // kernels of the tests keep their history here, not in the user's
    pb.environment().put("FACTORY_HISTORY", jupyterPath.resolve("history.sqlite").toString());
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(
          "pytest " + testFile + " timed out:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    String summary = "";
    for (String line : output.split("\n")) {
      if (SUMMARY.matcher(line.trim()).matches()) {
        summary = line.trim();
      }
    }
    System.out.println(output);
    return new Result(p.exitValue(), output, summary);
  }

  /** Asserts that every test passed and none was skipped. */
  static void assertAllPassed(Result r, int atLeast) {
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.summary()).as(r.output()).doesNotContain("skipped").doesNotContain("failed");
    assertThat(r.passed()).as(r.summary()).isGreaterThanOrEqualTo(atLeast);
  }
}
