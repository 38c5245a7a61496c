package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCommandTest {
  @TempDir Path dir;

  @Test
  void installWritesASpecJupyterListsAndUninstallRemovesIt() throws Exception {
    Cli.Result install =
        Cli.run(
            Map.of(),
            dir,
            "kernel",
            "install",
            "--prefix",
            "env",
            "--no-archive",
            "--jvm-opts",
            "-Xmx1g");
    assertThat(install.exitCode()).as(install.err()).isZero();
    Path spec = dir.resolve("env/share/jupyter/kernels/factory-java");
    assertThat(install.out()).contains("installed kernel spec 'factory-java' in " + spec);

    JsonNode json = new ObjectMapper().readTree(spec.resolve("kernel.json").toFile());
    assertThat(json.get("display_name").asText()).isEqualTo("Java (Factory)");
    assertThat(json.get("language").asText()).isEqualTo("java");
    assertThat(json.get("interrupt_mode").asText()).isEqualTo("message");
    assertThat(json.get("argv").toString()).contains("-Xmx1g").contains("{connection_file}");
    assertThat(spec.resolve("logo-64x64.png")).exists();
    // The kernel gets the jars cells and magics need, not the command line's servers and exports.
    java.util.regex.Matcher cp =
        java.util.regex.Pattern.compile(" -cp '([^']*)' ")
            .matcher(json.get("argv").get(2).asText());
    assertThat(cp.find()).isTrue();
    java.util.List<String> jars =
        java.util.Arrays.stream(cp.group(1).split(":"))
            .map(e -> Path.of(e).getFileName().toString())
            .toList();
    assertThat(jars)
        .anyMatch(j -> j.startsWith("tablesaw-core-"))
        .anyMatch(j -> j.startsWith("tribuo-core-"))
        .anyMatch(j -> j.startsWith("sqlite-jdbc-"))
        .anyMatch(j -> j.startsWith("postgresql-"))
        .noneMatch(j -> j.startsWith("javalin-"))
        .noneMatch(j -> j.startsWith("jetty-"))
        .noneMatch(j -> j.startsWith("picocli-"))
        .noneMatch(j -> j.startsWith("kubernetes-model-"))
        .noneMatch(j -> j.startsWith("factory-web-"));

    // Jupyter itself finds it.
    ProcessBuilder list =
        new ProcessBuilder("/usr/bin/python3", "-m", "jupyter", "kernelspec", "list");
    list.environment().put("JUPYTER_PATH", dir.resolve("env/share/jupyter").toString());
    list.redirectErrorStream(true);
    Process p = list.start();
    String listed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(listed).contains("factory-java").contains(spec.toString());

    Cli.Result uninstall = Cli.run(Map.of(), dir, "kernel", "uninstall", "--prefix", "env");
    assertThat(uninstall.exitCode()).isZero();
    assertThat(spec).doesNotExist();
    Cli.Result again = Cli.run(Map.of(), dir, "kernel", "uninstall", "--prefix", "env");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("no kernel spec 'factory-java'");
  }

  @Test
  void aBadSpecNameIsOneClearError() {
    Cli.Result result =
        Cli.run(
            Map.of(),
            dir,
            "kernel",
            "install",
            "--prefix",
            "env",
            "--no-archive",
            "--name",
            "../x");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("factory: a kernel spec name may hold");
    assertThat(Files.exists(dir.resolve("env/share/jupyter/kernels/x"))).isFalse();
  }
}
