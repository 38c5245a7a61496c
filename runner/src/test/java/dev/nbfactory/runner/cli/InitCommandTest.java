package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.Registry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir Path project;

  @Test
  void createsTheRegistryInTheWorkingDirectoryOnce() {
    Cli.Result first = Cli.run(Map.of(), project, "init");
    Cli.Result second = Cli.run(Map.of(), project, "init");

    Path folder = project.resolve(".factory");
    assertThat(first.exitCode()).isZero();
    assertThat(first.outLines()).containsExactly("created a registry at " + folder);
    assertThat(folder.resolve("registry.db")).isRegularFile();
    assertThat(second.exitCode()).isZero();
    assertThat(second.outLines()).containsExactly("registry already exists at " + folder);
  }

  @Test
  void createsItInAGivenFolderRelativeToTheWorkingDirectory() {
    Cli.Result result = Cli.run(Map.of(), project, "init", "new/project");

    Path folder = project.resolve("new/project/.factory");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains(folder.toString());
    try (Registry registry = Registry.open(folder.toString())) {
      assertThat(registry.counts()).containsEntry("runs", 0L);
    }
  }

  @Test
  void theNewRegistryIsWhatOtherCommandsFind() throws Exception {
    Cli.run(Map.of(), project, "init");
    Path notebooks = Files.createDirectories(project.resolve("notebooks"));

    Cli.Result runs = Cli.run(Map.of(), notebooks, "runs");

    assertThat(runs.exitCode()).isZero();
    assertThat(runs.outLines()).containsExactly("no runs yet");
  }

  @Test
  void aFactoryFolderGivenAsDirIsUsedAsIs() {
    Cli.Result result = Cli.run(Map.of(), project, "init", ".factory");
    assertThat(result.exitCode()).isZero();
    assertThat(project.resolve(".factory/registry.db")).isRegularFile();
    assertThat(project.resolve(".factory/.factory")).doesNotExist();
  }
}
