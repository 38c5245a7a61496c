package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.testing.TempRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The store contract on the folder store, and what only a folder store can get wrong. */
class ArtifactStoreTest extends ArtifactStoreContract {

  @Override
  protected FolderArtifactStore store() {
    return new FolderArtifactStore(dir.resolve("objects"));
  }

  @Override
  protected void damage(ArtifactStore store, String hash) throws IOException {
    Path path = FolderArtifactStore.of(store).objectPath(hash);
    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
      file.seek(5);
      int b = file.read();
      file.seek(5);
      file.write(b ^ 0x01);
    }
  }

  @Override
  protected void remove(ArtifactStore store, String hash) throws IOException {
    Files.delete(FolderArtifactStore.of(store).objectPath(hash));
  }

  @Override
  protected void assertNoLeftovers(ArtifactStore store) throws IOException {
    Path temp = FolderArtifactStore.of(store).root().resolve("tmp");
    if (Files.isDirectory(temp)) {
      try (Stream<Path> temps = Files.list(temp)) {
        assertThat(temps).isEmpty();
      }
    }
  }

  @Test
  void storesObjectsUnderTheirHashsFanOutFolder() throws Exception {
    FolderArtifactStore store = store();
    byte[] bytes = "hello, factory\n".getBytes(StandardCharsets.UTF_8);
    String expected = store.put(bytes).hash();
    assertThat(store.objectPath(expected))
        .isEqualTo(
            dir.resolve("objects")
                .resolve(expected.substring(0, 2))
                .resolve(expected.substring(2)));
  }

  @Test
  void aFlippedByteIsAnIntegrityErrorNamingTheObject() throws Exception {
    Registry registry;
    try (TempRegistryHandle handle = new TempRegistryHandle(dir)) {
      registry = handle.registry;
      ArtifactVersion version =
          registry.putOutput(
              null, "raw", ArtifactKind.DATASET, "text/csv", "a,b\n1,2\n3,4\n".getBytes());
      Path path = FolderArtifactStore.of(registry.store()).objectPath(version.contentHash());
      try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
        file.seek(5);
        int b = file.read();
        file.seek(5);
        file.write(b ^ 0x01);
      }
      assertThatThrownBy(() -> registry.store().read(version.contentHash()))
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining("object " + version.contentHash() + " is damaged");
      assertThatThrownBy(
              () -> {
                try (InputStream in = registry.store().open(version.contentHash())) {
                  in.transferTo(java.io.OutputStream.nullOutputStream());
                }
              })
          .isInstanceOf(IntegrityException.class);
      Path target = dir.resolve("out.csv");
      assertThatThrownBy(() -> registry.store().copyTo(version.contentHash(), target))
          .isInstanceOf(IntegrityException.class);
      assertThat(target).doesNotExist();
      assertThat(registry.verify().problems())
          .singleElement()
          .asString()
          .contains(version.contentHash())
          .contains("damaged");
    }
  }

  @Test
  void verifyReportsAMissingObject() throws Exception {
    try (TempRegistryHandle handle = new TempRegistryHandle(dir)) {
      ArtifactVersion version =
          handle.registry.putOutput(null, "raw", ArtifactKind.DATASET, "text/csv", "x".getBytes());
      Files.delete(
          FolderArtifactStore.of(handle.registry.store()).objectPath(version.contentHash()));
      assertThat(handle.registry.verify().problems())
          .singleElement()
          .asString()
          .contains(version.contentHash())
          .contains("missing");
    }
  }

  static Stream<String> hostileNames() {
    return Stream.of(
        "../x",
        "/abs",
        "..\\x",
        "%2e%2e%2f",
        "a\0b",
        "x".repeat(10_000),
        "a/../../b",
        "..",
        ".hidden",
        "C:\\windows",
        "name with space",
        "");
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void hostileArtifactNamesAreRefusedBeforeAnythingIsWritten(String name) throws Exception {
    try (TempRegistryHandle handle = new TempRegistryHandle(dir)) {
      assertThatThrownBy(
              () ->
                  handle.registry.putOutput(
                      null, name, ArtifactKind.DATASET, "text/csv", "secret bytes".getBytes()))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> handle.registry.resolve(name))
          .isInstanceOf(InvalidInputException.class);
      assertThat(handle.registry.store().list()).isEmpty();
      assertThat(handle.registry.artifacts(null)).isEmpty();
    }
    // Nothing appeared next to the store either.
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".factory");
    }
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void hostileObjectHashesFormNoPath(String hash) {
    assertThatThrownBy(() -> store().objectPath(hash)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> store().read(hash)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aSymlinkOutOfTheStoreIsRefusedForReadsAndWrites() throws Exception {
    FolderArtifactStore store = store();
    byte[] bytes = "inside".getBytes();
    StoredObject object = store.put(bytes);
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path secret = Files.writeString(outside.resolve("secret.txt"), "do not read");

    // An object replaced by a link to a file outside the store.
    Path objectPath = store.objectPath(object.hash());
    Files.delete(objectPath);
    Files.createSymbolicLink(objectPath, secret);
    assertThatThrownBy(() -> store.read(object.hash()))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("symbolic link");

    // A fan-out folder replaced by a link to a folder outside the store.
    byte[] other = "other".getBytes();
    String otherHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(other));
    Path fanout = store.root().resolve(otherHash.substring(0, 2));
    if (Files.exists(fanout)) {
      deleteTree(fanout);
    }
    Files.createSymbolicLink(fanout, outside);
    assertThatThrownBy(() -> store.put(other)).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> store.read(otherHash)).isInstanceOf(IntegrityException.class);
    try (Stream<Path> files = Files.list(outside)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
    }
    assertThat(Files.readString(secret)).isEqualTo("do not read");
  }

  private static void deleteTree(Path root) throws IOException {
    TempRegistry.deleteRecursively(root);
  }

  /** A registry in a given folder, closed at the end of a try block. */
  /**
   * Issue 16, item 11: verify reported "ok" while a fan-out folder was a link and every read
   * failed; it now names the link, and temporary files older than an hour.
   */
  @Test
  void verifyNamesALinkedFolderAndStrayTemporaryFiles() throws Exception {
    try (TempRegistryHandle handle = new TempRegistryHandle(dir)) {
      Registry registry = handle.registry;
      registry.putOutput(null, "a", ArtifactKind.DATASET, "text/plain", "bytes".getBytes());
      assertThat(registry.verify().problems()).isEmpty();
      FolderArtifactStore store = FolderArtifactStore.of(registry.store());
      String hash = registry.resolve("a").contentHash();
      Path fanout = store.root().resolve(hash.substring(0, 2));
      Path moved = Files.move(fanout, dir.resolve("elsewhere"));
      Files.createSymbolicLink(fanout, moved);
      Path stray = Files.writeString(store.root().resolve("tmp").resolve("put-x.tmp"), "half");
      Files.setLastModifiedTime(
          stray, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
      Files.writeString(store.root().resolve("tmp").resolve("put-new.tmp"), "in progress");
      assertThat(registry.verify().problems())
          .anySatisfy(p -> assertThat(p).contains(fanout + " is a symbolic link"))
          .anySatisfy(p -> assertThat(p).contains("put-x.tmp is a temporary file"))
          .noneSatisfy(p -> assertThat(p).contains("put-new.tmp"));
      assertThat(registry.verify().isOk()).isFalse();
    }
  }

  private static final class TempRegistryHandle implements AutoCloseable {
    final Registry registry;

    TempRegistryHandle(Path dir) {
      registry =
          Registry.open(
              RegistryLocation.ofFolder(dir.resolve(".factory")), java.time.Clock.systemUTC());
    }

    @Override
    public void close() {
      registry.close();
    }
  }
}
