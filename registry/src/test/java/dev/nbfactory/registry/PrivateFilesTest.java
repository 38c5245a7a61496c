package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded registry's files are its owner's alone; a shared store follows the umask. */
class PrivateFilesTest {
  @TempDir Path dir;

  @Test
  void aNewEmbeddedRegistryIsReadableByItsOwnerOnly() throws Exception {
    RegistryLocation location = RegistryLocation.ofFolder(dir.resolve("project/.factory"));
    String hash;
    try (Registry registry = Registry.open(location, Clock.systemUTC())) {
      Run run = registry.startRun(RunStart.builder("ingest").build());
      registry.logParameters(run.id(), java.util.Map.of("rows", 1), SecretMarks.NONE);
      hash =
          registry.store().put("raw rows".getBytes(java.nio.charset.StandardCharsets.UTF_8)).hash();
      // while the connection is open, SQLite's journal files exist too
      assertThat(mode(location.folder().resolve("registry.db-wal"))).isEqualTo("rw-------");
      assertThat(mode(location.folder().resolve("registry.db-shm"))).isEqualTo("rw-------");
    }

    assertThat(mode(location.folder())).isEqualTo("rwx------");
    assertThat(mode(location.folder().resolve("registry.db"))).isEqualTo("rw-------");
    Path object = location.objects().resolve(hash.substring(0, 2)).resolve(hash.substring(2));
    assertThat(mode(object)).isEqualTo("rw-------");
    assertThat(mode(object.getParent())).isEqualTo("rwx------");
    try (Registry registry = Registry.open(location, Clock.systemUTC())) {
      assertThat(registry.verify().problems()).isEmpty();
    }
  }

  @Test
  void verifyNamesARegistryFileOthersCanReadAndTheFix() throws Exception {
    RegistryLocation location = RegistryLocation.ofFolder(dir.resolve(".factory"));
    try (Registry registry = Registry.open(location, Clock.systemUTC())) {
      Path db = location.folder().resolve("registry.db");
      Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
      Files.setPosixFilePermissions(
          location.folder(), PosixFilePermissions.fromString("rwxr-x---"));

      assertThat(registry.verify().problems())
          .containsExactly(
              db
                  + " is rw-r--r--: other users can read the registry's data; 'chmod go-w,o-rwx "
                  + db
                  + "' (a group may read: 640, 750)");
    }
  }

  @Test
  void aSharedStoreFollowsTheUmaskSoATeamCanReadIt() throws Exception {
    FolderArtifactStore shared = new FolderArtifactStore(dir.resolve("shared"));
    String hash = shared.put(new byte[] {1, 2, 3}).hash();
    Path probe = Files.createFile(dir.resolve("probe"));

    Path object = dir.resolve("shared").resolve(hash.substring(0, 2)).resolve(hash.substring(2));
    assertThat(mode(object)).isEqualTo(mode(probe));
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
