package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /** Issue 16, item 4: the registry's own files are never a command's output, links followed. */
  @Test
  void theRegistrysOwnFilesAreNeverOutputsEvenThroughALink() throws Exception {
    Path objects = dir.resolve("shared-objects");
    RegistryLocation sqlite = RegistryLocation.ofFolder(dir.resolve(".factory"));
    RegistryLocation postgres =
        RegistryLocation.parse(
            "jdbc:postgresql://db/x", Map.of("FACTORY_OBJECTS", objects.toString()));
    Files.createDirectories(dir.resolve(".factory/objects/ab"));
    Files.createDirectories(objects);
    Files.createSymbolicLink(dir.resolve("db-link"), dir.resolve(".factory/registry.db"));
    Files.createSymbolicLink(dir.resolve("folder-link"), dir.resolve(".factory"));
    Files.createSymbolicLink(dir.resolve("objects-link"), objects);
    for (Path bad :
        List.of(
            dir.resolve(".factory/registry.db"),
            dir.resolve(".factory/registry.db-wal"),
            dir.resolve(".factory/objects/ab/new"),
            dir.resolve("db-link"),
            dir.resolve("folder-link/x.ipynb"),
            dir.resolve("out/../.factory/y"),
            dir.resolve(".factory"))) {
      assertThatThrownBy(() -> sqlite.refuseAsOutput(bad, "OUTPUT"))
          .as(bad.toString())
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("OUTPUT " + bad)
          .hasMessageContaining("choose a path outside it");
    }
    assertThatThrownBy(() -> postgres.refuseAsOutput(dir.resolve("objects-link/z"), "--output"))
        .isInstanceOf(InvalidInputException.class);
    for (Path fine :
        List.of(
            dir.resolve("out.ipynb"),
            dir.resolve("new/dir/out.ipynb"),
            dir.resolve(".factoryx"),
            // the scheduler keeps its runs' notebooks here, on purpose
            dir.resolve(".factory/schedules/nightly/runs/a.ipynb"))) {
      sqlite.refuseAsOutput(fine, "OUTPUT");
      postgres.refuseAsOutput(fine, "OUTPUT");
    }
  }

  @Test
  void anObjectStoreUrlIsKeptWithoutCredentials() {
    RegistryLocation s3 =
        RegistryLocation.parse(
            "jdbc:postgresql://db/x",
            Map.of("FACTORY_OBJECTS", "s3://AKIA:secret@team-bucket/factory/objects/"));
    assertThat(s3.objects()).isNull();
    assertThat(s3.objectsUrl()).hasToString("s3://team-bucket/factory/objects");
    assertThat(s3.environment())
        .containsEntry("FACTORY_OBJECTS", "s3://team-bucket/factory/objects");
    assertThat(s3.objectsLocation()).doesNotContain("secret").doesNotContain("AKIA");
    assertThatThrownBy(
            () ->
                RegistryLocation.parse(
                    "jdbc:postgresql://db/x", Map.of("FACTORY_OBJECTS", "s3:///prefix")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("s3://BUCKET/PREFIX");
  }

  @Test
  void aStoreWhoseModuleIsMissingNamesTheModule() {
    RegistryLocation location =
        RegistryLocation.parse(
            "jdbc:postgresql://db/x", Map.of("FACTORY_OBJECTS", "s3://team-bucket/objects"));
    // The registry's own tests run without objects-s3 on the class path.
    assertThatThrownBy(() -> ArtifactStores.open(location, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("factory-objects-s3")
        .hasMessageContaining("class path");
  }
}
