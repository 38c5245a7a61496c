package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLocationTest {
  @TempDir Path dir;

  @Test
  void theEnvironmentWinsThenTheNearestFolderAboveThenHome() throws Exception {
    Path project = Files.createDirectories(dir.resolve("project/.factory"));
    Path deep = Files.createDirectories(dir.resolve("project/notebooks/stage"));

    assertThat(RegistryLocation.discover(deep, Map.of()).folder()).isEqualTo(project);
    assertThat(
            RegistryLocation.discover(
                    deep, Map.of("FACTORY_REGISTRY", dir.resolve("team").toString()))
                .folder())
        .isEqualTo(dir.resolve("team/.factory"));
    assertThat(RegistryLocation.discover(dir, Map.of()).folder())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".factory"));
    RegistryLocation pg =
        RegistryLocation.discover(
            deep,
            Map.of(
                "FACTORY_REGISTRY",
                "jdbc:postgresql://db/factory?password=pw",
                "FACTORY_OBJECTS",
                dir.resolve("shared-objects").toString()));
    assertThat(pg.isEmbedded()).isFalse();
    assertThat(pg.objects()).isEqualTo(dir.resolve("shared-objects"));
    assertThat(pg.display()).doesNotContain("pw");
  }

  @Test
  void aFolderNamedFactoryOrHoldingTheDatabaseIsTheRegistryItself() throws Exception {
    assertThat(RegistryLocation.parse(dir.resolve(".factory").toString(), Map.of()).folder())
        .isEqualTo(dir.resolve(".factory"));
    Path custom = Files.createDirectories(dir.resolve("reg"));
    Files.createFile(custom.resolve("registry.db"));
    assertThat(RegistryLocation.parse(custom.toString(), Map.of()).folder()).isEqualTo(custom);
    assertThat(
            RegistryLocation.parse("jdbc:sqlite:" + custom.resolve("registry.db"), Map.of())
                .objects())
        .isEqualTo(custom.resolve("objects"));
  }
}
