package dev.nbfactory.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.ArtifactStore;
import dev.nbfactory.registry.ArtifactStores;
import dev.nbfactory.registry.IntegrityException;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.StoredObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** What only the S3 store does: its cache, its parts, its markers, and how it is found. */
class S3StoreBehaviourTest {
  @TempDir Path dir;

  private S3ArtifactStore store(long cacheBytes) {
    return new S3ArtifactStore(
        S3TestServer.client(),
        S3Keys.of(URI.create(S3TestServer.freshUrl())),
        new ObjectCache(dir.resolve("cache"), cacheBytes));
  }

  @Test
  void aStageReadingADatasetTwiceDownloadsItOnce() {
    S3ArtifactStore store = store(64L << 20);
    byte[] bytes = random(300_000, 1);
    String hash = store.put(bytes).hash();
    assertThat(store.read(hash)).isEqualTo(bytes);
    // Gone from the bucket behind our back: the second read comes from the cache, verified.
    store.client().deleteObject(b -> b.bucket(S3TestServer.BUCKET).key(store.keys().object(hash)));
    assertThat(store.read(hash)).isEqualTo(bytes);
    // A cached copy damaged on disk is refused, dropped, and the object read again from S3.
    store.put(bytes);
    Path cached = dir.resolve("cache").resolve(hash.substring(0, 2)).resolve(hash.substring(2));
    byte[] damaged = bytes.clone();
    damaged[7] ^= 1;
    writeQuietly(cached, damaged);
    assertThatThrownBy(() -> store.read(hash))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("cached copy");
    assertThat(cached).doesNotExist();
    assertThat(store.read(hash)).isEqualTo(bytes);
  }

  @Test
  void aDamagedDownloadIsRefusedAtItsEndAndNeverCached() throws Exception {
    S3ArtifactStore store = store(64L << 20);
    byte[] bytes = random(3_000_000, 5); // over the size read in memory: streamed through
    String hash = store.put(bytes).hash();
    byte[] damaged = bytes.clone();
    damaged[2_999_000] ^= 1;
    store
        .client()
        .putObject(
            b -> b.bucket(S3TestServer.BUCKET).key(store.keys().object(hash)),
            software.amazon.awssdk.core.sync.RequestBody.fromBytes(damaged));
    assertThatThrownBy(() -> store.read(hash))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("object " + hash + " is damaged");
    assertThat(dir.resolve("cache").resolve(hash.substring(0, 2))).doesNotExist();
    try (Stream<Path> temps = Files.list(dir.resolve("cache/tmp"))) {
      assertThat(temps).isEmpty();
    }
  }

  @Test
  void theCacheStaysWithinItsSize() throws Exception {
    S3ArtifactStore store = store(1 << 20);
    for (int i = 0; i < 4; i++) {
      store.read(store.put(random(400_000, 10 + i)).hash());
    }
    long total;
    try (Stream<Path> files = Files.walk(dir.resolve("cache"))) {
      total =
          files
              .filter(Files::isRegularFile)
              .filter(p -> !p.getParent().getFileName().toString().equals("tmp"))
              .mapToLong(p -> p.toFile().length())
              .sum();
    }
    assertThat(total).isLessThanOrEqualTo(1 << 20).isPositive();
  }

  @Test
  void aLargeObjectGoesInPartsAndReadsBackWhole() throws Exception {
    S3ArtifactStore store = store(0);
    Path file = dir.resolve("big.bin");
    byte[] big = random((int) S3Uploads.PART + 1_234_567, 3);
    Files.write(file, big);
    StoredObject object = store.put(file);
    assertThat(object.size()).isEqualTo(big.length);
    assertThat(store.size(object.hash())).isEqualTo(big.length);
    store.verify(object.hash());
    assertThat(store.read(object.hash())).isEqualTo(big);
    assertThat(S3ArtifactStoreTest.leftovers(store)).isEmpty();
    // With the cache off, a read leaves no download behind either.
    assertThat(dir.resolve("cache")).doesNotExist();
  }

  /** RELIABILITY 17 on S3: 8 writers of the same bytes, one object, 8 successes. */
  @Test
  void eightWritersOfTheSameBytesMakeOneObject() throws Exception {
    S3ArtifactStore store = store(0);
    byte[] bytes = random(2_000_000, 4);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<StoredObject>> puts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        puts.add(() -> store.put(bytes));
      }
      List<String> hashes = new ArrayList<>();
      for (Future<StoredObject> f : pool.invokeAll(puts)) {
        hashes.add(f.get().hash());
      }
      assertThat(Set.copyOf(hashes)).hasSize(1);
      assertThat(store.list()).containsExactly(hashes.get(0));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * RELIABILITY 18 on S3: a writer that found its bytes stored marks them while gc runs; gc puts
   * back what it set aside when it finds the mark, and old marks, stale uploads and set-aside
   * copies go once older than the grace.
   */
  @Test
  void gcPutsBackAnObjectAWriterMarkedAndClearsLeftovers() {
    S3ArtifactStore store = store(0);
    S3Client s3 = store.client();
    String hash = store.put("about to be referenced".getBytes()).hash();
    store.touch(hash, Instant.now().minus(Duration.ofDays(3)));
    store.freshen(hash);
    assertThat(store.gc(Set.of(), Duration.ofHours(1), false).removed()).isEmpty();
    assertThat(store.read(hash)).isEqualTo("about to be referenced".getBytes());

    // A put that crashed after its first part.
    String key = store.keys().object(hash.replace('a', 'b'));
    String stale = s3.createMultipartUpload(b -> b.bucket(S3TestServer.BUCKET).key(key)).uploadId();
    s3.uploadPart(
        b -> b.bucket(S3TestServer.BUCKET).key(key).uploadId(stale).partNumber(1),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[1000]));
    sleep(1_100); // servers give an upload's start time in whole seconds
    assertThat(store.gc(Set.of(hash), Duration.ZERO, false).removed()).isEmpty();
    assertThat(S3ArtifactStoreTest.leftovers(store)).isEmpty();
    assertThat(store.shapeProblems(Duration.ZERO)).isEmpty();
    assertThat(store.list()).containsExactly(hash);
  }

  /**
   * RELIABILITY 18 on S3, at the worst moments: gc has found an object old and deleted it when a
   * writer who stores the same bytes (and is about to reference them) comes in. Either way the
   * object is there once both are done.
   */
  @Test
  void aWriterRacingGcBetweenItsDeleteAndItsLastLookKeepsItsObject() {
    S3ArtifactStore store = store(0);
    byte[] small = "referenced in a moment".getBytes();
    byte[] large = random(2_000_000, 6); // over the size put in one step: looks first
    for (byte[] bytes : List.of(small, large)) {
      String hash = store.put(bytes).hash();
      store.touch(hash, Instant.now().minus(Duration.ofDays(3)));
      List<String> seen = new ArrayList<>();
      // The writer's put lands after gc deleted the object, before gc looks at the marker.
      var gc =
          new S3Gc(
              store,
              () -> {
                store.put(bytes);
                seen.add(hash);
              });
      assertThat(gc.collect(Set.of(), Duration.ofHours(1), false).removed()).isEmpty();
      assertThat(seen).containsExactly(hash);
      assertThat(store.read(hash)).isEqualTo(bytes);
      // Recording the reference freshens it: a later gc keeps it through the grace period.
      store.freshen(hash);
      assertThat(store.gc(Set.of(), Duration.ofHours(1), false).removed()).isEmpty();
      assertThat(S3ArtifactStoreTest.leftovers(store)).isEmpty();
    }
    // A writer that saw the object, then marks it just after gc deleted it: gc's last look finds
    // the mark and puts the object back, so the writer's second look finds it.
    String seenFirst = store.put("seen, then marked".getBytes()).hash();
    store.touch(seenFirst, Instant.now().minus(Duration.ofDays(3)));
    var restoring = new S3Gc(store, () -> store.markFresh(seenFirst));
    assertThat(restoring.collect(Set.of(), Duration.ofHours(1), false).removed()).isEmpty();
    assertThat(store.read(seenFirst)).isEqualTo("seen, then marked".getBytes());
    assertThat(S3ArtifactStoreTest.leftovers(store)).isEmpty();

    // With no writer, the same gc removes it.
    String old = store.put("nobody wants this".getBytes()).hash();
    store.touch(old, Instant.now().minus(Duration.ofDays(3)));
    assertThat(new S3Gc(store).collect(Set.of(), Duration.ofHours(1), false).removed())
        .contains(old);
    assertThat(store.contains(old)).isFalse();
  }

  @Test
  void theRegistryFindsTheStoreByItsSchemeAndNeverShowsCredentials() {
    S3TestServer.client();
    Map<String, String> env = new HashMap<>(S3TestServer.env(dir));
    env.put("FACTORY_OBJECTS", "s3://someone:hunter2@" + S3TestServer.BUCKET + "/found/");
    env.put(ObjectCache.ENV_DIR, dir.resolve("cache").toString());
    RegistryLocation location = RegistryLocation.parse("jdbc:postgresql://db/x", env);
    ArtifactStore store = ArtifactStores.open(location, env);
    assertThat(store).isInstanceOf(S3ArtifactStore.class);
    assertThat(store.location()).isEqualTo("s3://" + S3TestServer.BUCKET + "/found");
    String hash = store.put("found".getBytes()).hash();
    assertThat(store.read(hash)).isEqualTo("found".getBytes());

    // A wrong secret fails loudly, naming the store, and the secret appears nowhere.
    env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret-hunter3");
    ArtifactStore wrong = ArtifactStores.open(location, env);
    assertThatThrownBy(() -> wrong.put("x".getBytes()))
        .hasMessageContaining(store.location())
        .satisfies(e -> assertThat(e.toString()).doesNotContain("hunter"));
  }

  private static byte[] random(int n, long seed) {
    byte[] bytes = new byte[n];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void writeQuietly(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
