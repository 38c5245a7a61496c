package dev.nbfactory.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecInstallerTest {
  @TempDir Path dir;

  private static KernelSpecInstaller.Spec spec(String name) {
    return new KernelSpecInstaller.Spec(
        name,
        Path.of("/jdk/bin/java"),
        List.of("-Xmx1g"),
        List.of(Path.of("/k/kernel.jar"), Path.of("/k/lib/gson.jar")),
        Map.of("A", "b"));
  }

  @Test
  void writesKernelJsonAndLogos() throws Exception {
    Path spec = KernelSpecInstaller.install(dir, spec("factory-java"));
    JsonObject json =
        JsonParser.parseString(
                Files.readString(spec.resolve("kernel.json"), StandardCharsets.UTF_8))
            .getAsJsonObject();
    assertThat(json.get("display_name").getAsString()).isEqualTo("Java (Factory)");
    assertThat(json.get("language").getAsString()).isEqualTo("java");
    assertThat(json.get("interrupt_mode").getAsString()).isEqualTo("message");
    assertThat(json.getAsJsonObject("env").get("A").getAsString()).isEqualTo("b");
    // The JVM through sh, for the options of FACTORY_KERNEL_OPTS when it starts
    assertThat(json.getAsJsonArray("argv").asList().stream().map(e -> e.getAsString()).toList())
        .containsExactly(
            "/bin/sh",
            "-c",
            "exec '/jdk/bin/java' '-Xmx1g' ${FACTORY_KERNEL_OPTS:-} -cp '/k/kernel.jar"
                + java.io.File.pathSeparator
                + "/k/lib/gson.jar' dev.nbfactory.kernel.KernelMain \"$@\"",
            "factory-kernel",
            "{connection_file}");
    assertThat(spec.resolve("logo-32x32.png")).isNotEmptyFile();
    assertThat(spec.resolve("logo-64x64.png")).isNotEmptyFile();
  }

  @Test
  void aWordWithQuotesAndSpacesStaysOneWordForTheShell() throws Exception {
    String word = "/opt/it's here/$HOME;rm -rf x";
    Process sh =
        new ProcessBuilder("/bin/sh", "-c", "printf %s " + KernelSpecInstaller.shellQuoted(word))
            .start();
    assertThat(new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo(word);
    assertThat(sh.waitFor()).isZero();
  }

  @Test
  void uninstallRemovesTheFolder() throws Exception {
    KernelSpecInstaller.install(dir, spec("factory-java"));
    assertThat(KernelSpecInstaller.uninstall(dir, "factory-java")).isTrue();
    assertThat(dir.resolve("factory-java")).doesNotExist();
    assertThat(KernelSpecInstaller.uninstall(dir, "factory-java")).isFalse();
  }

  @Test
  void aNameThatIsNotAFolderNameIsRefused() {
    assertThatThrownBy(() -> spec("../escape")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thisJvmSpecStartsWithTheDefaults() {
    KernelSpecInstaller.Spec s = KernelSpecInstaller.Spec.ofThisJvm("n", List.of("-Xmx2g"));
    assertThat(s.jvmOptions())
        .startsWith(KernelSpecInstaller.DEFAULT_JVM_OPTIONS.toArray(String[]::new));
    assertThat(s.jvmOptions()).contains("-Xmx2g");
    // A kernel runs cells as a headless run does: with the same JIT options.
    assertThat(s.jvmOptions()).containsAll(NotebookJvm.options());
    assertThat(s.java()).exists();
  }

  @Test
  void prefixScopeUsesShareJupyterKernels() {
    assertThat(
            KernelSpecInstaller.kernelsDirectory(
                KernelSpecInstaller.Scope.PREFIX, Path.of("/opt/env")))
        .isEqualTo(Path.of("/opt/env/share/jupyter/kernels"));
  }
}
