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
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ArtifactStoreTest {
  @TempDir Path dir;

  private ArtifactStore store() {
    return new ArtifactStore(dir.resolve("objects"));
  }

  @Test
  void storesBytesUnderTheirSha256AndReadsThemBack() throws Exception {
    ArtifactStore store = store();
    byte[] bytes = "hello, factory\n".getBytes(StandardCharsets.UTF_8);
    StoredObject object = store.put(bytes);

    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(object.hash()).isEqualTo(expected);
    assertThat(object.size()).isEqualTo(bytes.length);
    assertThat(store.objectPath(expected))
        .isEqualTo(
            dir.resolve("objects")
                .resolve(expected.substring(0, 2))
                .resolve(expected.substring(2)));
    assertThat(store.read(expected)).isEqualTo(bytes);
    assertThat(store.put(bytes)).isEqualTo(object);
    assertThat(store.list()).containsExactly(expected);
    try (Stream<Path> temps = Files.list(dir.resolve("objects/tmp"))) {
      assertThat(temps).isEmpty();
    }
    Path copy = dir.resolve("copy.txt");
    store.copyTo(expected, copy);
    assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
  }

  @Test
  void writeStreamsAnEncodersBytesInOnePassUnderTheirSha256() throws Exception {
    ArtifactStore store = store();
    byte[] big = new byte[3 * (1 << 20) + 17];
    new java.util.Random(7).nextBytes(big);
    StoredObject object =
        store.write(
            out -> {
              out.write(big, 0, 5);
              out.write(big[5]);
              out.write(big, 6, big.length - 6);
            });

    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big));
    assertThat(object).isEqualTo(new StoredObject(expected, big.length));
    assertThat(store.read(expected)).isEqualTo(big);
    assertThat(store.put(big)).isEqualTo(object);
  }

  @Test
  void aWriterThatFailsStoresNothingAndLeavesNoTempFile() throws Exception {
    ArtifactStore store = store();
    assertThatThrownBy(
            () ->
                store.write(
                    out -> {
                      out.write(new byte[100]);
                      throw new IOException("encoder broke");
                    }))
        .hasRootCauseMessage("encoder broke");
    assertThat(store.list()).isEmpty();
    try (Stream<Path> temps = Files.list(dir.resolve("objects/tmp"))) {
      assertThat(temps).isEmpty();
    }
  }

  @Test
  void aFlippedByteIsAnIntegrityErrorNamingTheObject() throws Exception {
    Registry registry;
    try (TempRegistryHandle handle = new TempRegistryHandle(dir)) {
      registry = handle.registry;
      ArtifactVersion version =
          registry.putOutput(
              null, "raw", ArtifactKind.DATASET, "text/csv", "a,b\n1,2\n3,4\n".getBytes());
      Path path = registry.store().objectPath(version.contentHash());
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
      Files.delete(handle.registry.store().objectPath(version.contentHash()));
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
  void hostileObjectHashesAreRefused(String hash) {
    assertThatThrownBy(() -> store().objectPath(hash)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> store().read(hash)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aSymlinkOutOfTheStoreIsRefusedForReadsAndWrites() throws Exception {
    ArtifactStore store = store();
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

  @Test
  void gcRemovesOnlyUnreferencedObjectsOlderThanTheGracePeriod() {
    ArtifactStore store = store();
    StoredObject kept = store.put("referenced".getBytes());
    StoredObject old = store.put("old garbage".getBytes());
    StoredObject fresh = store.put("fresh garbage".getBytes());
    store.touch(kept.hash(), Instant.now().minus(Duration.ofDays(30)));
    store.touch(old.hash(), Instant.now().minus(Duration.ofDays(30)));

    ArtifactStore.GcResult dry = store.gc(Set.of(kept.hash()), Duration.ofHours(1), true);
    assertThat(dry.removed()).containsExactly(old.hash());
    assertThat(store.contains(old.hash())).isTrue();

    ArtifactStore.GcResult result = store.gc(Set.of(kept.hash()), Duration.ofHours(1), false);
    assertThat(result.removed()).containsExactly(old.hash());
    assertThat(result.bytesFreed()).isEqualTo("old garbage".length());
    assertThat(store.list()).containsExactlyInAnyOrder(kept.hash(), fresh.hash());

    // Putting bytes that are already there refreshes them, so gc keeps what a writer just stored.
    store.touch(fresh.hash(), Instant.now().minus(Duration.ofDays(30)));
    store.put("fresh garbage".getBytes());
    assertThat(store.gc(Set.of(), Duration.ofHours(1), false).removed())
        .containsExactly(kept.hash());
    assertThat(store.list()).containsExactly(fresh.hash());
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
      ArtifactStore store = registry.store();
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
