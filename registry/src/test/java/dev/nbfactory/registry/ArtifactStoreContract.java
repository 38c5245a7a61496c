package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
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

/**
 * What every {@link ArtifactStore} promises, run once per store: the folder store here, the S3
 * store in objects-s3. A subclass gives a fresh, empty store and the ways to damage it from
 * outside.
 */
public abstract class ArtifactStoreContract {
  @TempDir protected Path dir;

  /** A fresh, empty store. */
  protected abstract ArtifactStore store();

  /** Flips one byte of a stored object behind the store's back. */
  protected abstract void damage(ArtifactStore store, String hash) throws Exception;

  /** Deletes a stored object behind the store's back. */
  protected abstract void remove(ArtifactStore store, String hash) throws Exception;

  /** Asserts no leftover of a write (a temp file or key, an unfinished upload) remains. */
  protected abstract void assertNoLeftovers(ArtifactStore store) throws Exception;

  @Test
  void storesBytesUnderTheirSha256AndReadsThemBack() throws Exception {
    ArtifactStore store = store();
    byte[] bytes = "hello, factory\n".getBytes(StandardCharsets.UTF_8);
    StoredObject object = store.put(bytes);

    String expected = sha256(bytes);
    assertThat(object.hash()).isEqualTo(expected);
    assertThat(object.size()).isEqualTo(bytes.length);
    assertThat(store.read(expected)).isEqualTo(bytes);
    assertThat(store.put(bytes)).isEqualTo(object);
    assertThat(store.list()).containsExactly(expected);
    assertThat(store.contains(expected)).isTrue();
    assertThat(store.size(expected)).isEqualTo(bytes.length);
    assertNoLeftovers(store);
    Path copy = dir.resolve("copy.txt");
    store.copyTo(expected, copy);
    assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
    Path file = Files.write(dir.resolve("in.txt"), bytes);
    assertThat(store.put(file)).isEqualTo(object);
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

    assertThat(object).isEqualTo(new StoredObject(sha256(big), big.length));
    assertThat(store.read(object.hash())).isEqualTo(big);
    assertThat(store.put(big)).isEqualTo(object);
  }

  @Test
  void aWriterThatFailsStoresNothingAndLeavesNothingBehind() throws Exception {
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
    assertNoLeftovers(store);
  }

  @Test
  void aDamagedObjectIsAnIntegrityErrorNamingTheObject() throws Exception {
    ArtifactStore store = store();
    String hash = store.put("a,b\n1,2\n3,4\n".getBytes()).hash();
    damage(store, hash);
    assertThatThrownBy(() -> store.read(hash))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("object " + hash + " is damaged");
    assertThatThrownBy(
            () -> {
              try (InputStream in = store.open(hash)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
              }
            })
        .isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> store.verify(hash)).isInstanceOf(IntegrityException.class);
    Path target = dir.resolve("out.csv");
    assertThatThrownBy(() -> store.copyTo(hash, target)).isInstanceOf(IntegrityException.class);
    assertThat(target).doesNotExist();
  }

  @Test
  void aMissingObjectIsAnIntegrityErrorNamingTheObject() throws Exception {
    ArtifactStore store = store();
    String hash = store.put("soon gone".getBytes()).hash();
    remove(store, hash);
    assertThat(store.contains(hash)).isFalse();
    assertThatThrownBy(() -> store.read(hash))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(hash)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> store.freshen(hash)).isInstanceOf(RuntimeException.class);
    // Storing the bytes again brings the object back.
    assertThat(store.put("soon gone".getBytes()).hash()).isEqualTo(hash);
    assertThat(store.read(hash)).isEqualTo("soon gone".getBytes());
  }

  static Stream<String> hostileHashes() {
    return Stream.of("../x", "/abs", "..\\x", "%2e%2e%2f", "a\0b", "x".repeat(10_000), "..", "");
  }

  @ParameterizedTest
  @MethodSource("hostileHashes")
  void hostileObjectHashesAreRefused(String hash) {
    ArtifactStore store = store();
    assertThatThrownBy(() -> store.read(hash)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> store.contains(hash)).isInstanceOf(InvalidInputException.class);
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
    // So does freshen, which the registry calls when it records a reference.
    store.touch(kept.hash(), Instant.now().minus(Duration.ofDays(30)));
    store.freshen(kept.hash());
    assertThat(store.gc(Set.of(), Duration.ofHours(1), false).removed()).isEmpty();
    store.touch(kept.hash(), Instant.now().minus(Duration.ofDays(30)));
    assertThat(store.gc(Set.of(), Duration.ofHours(1), false).removed())
        .containsExactly(kept.hash());
    assertThat(store.list()).containsExactly(fresh.hash());
  }

  protected static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
