package dev.nbfactory.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed spec with its class-data archive is what {@code jupyter kernelspec list} shows, and
 * a kernel starts from it and runs a cell.
 */
class KernelSpecInstallerIT {
  @TempDir Path jupyterPath;

  @Test
  void installsWithAnArchiveThatJupyterFindsAndUses() throws Exception {
    KernelSpecInstaller.Installed installed =
        KernelSpecInstaller.installWithArchive(
            jupyterPath.resolve("kernels"),
            new KernelSpecInstaller.Spec(
                KernelSpecInstaller.DEFAULT_NAME,
                KernelSpecInstaller.currentJava(),
                KernelSpecInstaller.DEFAULT_JVM_OPTIONS,
                PythonClientTests.kernelClasspath(),
                Map.of()));
    assertThat(installed.noArchiveReason()).isNull();
    assertThat(installed.archive()).isNotEmptyFile();
    assertThat(
            Files.readString(installed.directory().resolve("kernel.json"), StandardCharsets.UTF_8))
        .contains("-XX:SharedArchiveFile=" + installed.archive());

    ProcessBuilder pb =
        new ProcessBuilder(
                PythonClientTests.PYTHON.toString(),
                "-m",
                "jupyter",
                "kernelspec",
                "list",
                "--json")
            .redirectErrorStream(true);
    pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
    Process p = pb.start();
    String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(listing).contains("\"factory-java\"").contains("Java (Factory)");

    PythonClientTests.Result r = PythonClientTests.pytest(jupyterPath, "test_start.py", 300);
    PythonClientTests.assertAllPassed(r, 1);

    assertThat(KernelSpecInstaller.uninstall(jupyterPath.resolve("kernels"), "factory-java"))
        .isTrue();
  }
}
