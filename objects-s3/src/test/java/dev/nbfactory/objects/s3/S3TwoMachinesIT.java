package dev.nbfactory.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two machines, simulated by two processes with their own HOME folders and nothing shared but the
 * S3 server: one stores, the other reads and verifies. And promise 16 on S3: a put killed with
 * {@code kill -9} in the middle of its multipart upload leaves nothing under the final key, and the
 * next put of the same bytes succeeds.
 */
class S3TwoMachinesIT {
  @TempDir Path dir;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void oneMachineStoresAndAnotherReadsAndVerifies() throws Exception {
    S3TestServer.client();
    String url = S3TestServer.freshUrl();
    Path writerHome = Files.createDirectories(dir.resolve("writer-home"));
    Path readerHome = Files.createDirectories(dir.resolve("reader-home"));
    byte[] bytes = new byte[5_000_000];
    new Random(11).nextBytes(bytes);
    Path file = Files.write(writerHome.resolve("dataset.bin"), bytes);

    String stored = run(env(url, writerHome), "put", file.toString());
    assertThat(stored).startsWith("stored ");
    String hash = stored.substring("stored ".length());
    Path copy = readerHome.resolve("copy.bin");
    assertThat(run(env(url, readerHome), "get", hash, copy.toString())).isEqualTo("verified");
    assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
    // The reader cached what it read, in its own HOME; the writer cached nothing.
    assertThat(readerHome.resolve(".factory/cache/objects").resolve(hash.substring(0, 2)))
        .isDirectory();
    assertThat(writerHome.resolve(".factory/cache/objects").resolve(hash.substring(0, 2)))
        .doesNotExist();
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void aPutKilledDuringItsMultipartUploadLeavesNothingUnderTheFinalKey() throws Exception {
    S3Client s3 = S3TestServer.client();
    String url = S3TestServer.freshUrl();
    S3Keys keys = S3Keys.of(java.net.URI.create(url));
    Path home = Files.createDirectories(dir.resolve("home"));
    Path file = home.resolve("big.bin");
    writeRandom(file, 4 * S3Uploads.PART + 12_345, 12);
    String hash = dev.nbfactory.registry.ContentHash.of(file);

    Process writer =
        S3StoreChild.start(env(url, home), dir.resolve("killed.log"), "put", file.toString());
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    boolean uploading = false;
    while (!uploading && writer.isAlive() && System.nanoTime() < deadline) {
      uploading = partUploaded(s3, keys, hash);
      Thread.sleep(20);
    }
    assertThat(uploading).as("the writer reached its multipart upload").isTrue();
    writer.destroyForcibly(); // SIGKILL: no finally block, no abort
    assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();

    S3ArtifactStore store = S3ArtifactStoreTest.open(s3, dir.resolve("cache"));
    S3ArtifactStore same = new S3ArtifactStore(s3, keys, new ObjectCache(dir.resolve("cache"), 0));
    assertThat(same.contains(hash)).isFalse();
    assertThat(same.list()).isEmpty();
    assertThat(store.list()).isEmpty();

    // The next put succeeds and reads back whole; gc then aborts what the killed put left.
    assertThat(same.put(file).hash()).isEqualTo(hash);
    same.verify(hash);
    assertThat(same.list()).containsExactly(hash);
    Thread.sleep(1_100);
    same.gc(java.util.Set.of(hash), Duration.ZERO, false);
    assertThat(S3ArtifactStoreTest.leftovers(same)).isEmpty();
  }

  /** Whether an upload to the object's final key has a part on the server yet. */
  private static boolean partUploaded(S3Client s3, S3Keys keys, String hash) {
    try {
      return s3
          .listMultipartUploads(b -> b.bucket(keys.bucket()).prefix(keys.prefix()))
          .uploads()
          .stream()
          .filter(u -> u.key().equals(keys.object(hash)))
          .anyMatch(
              u ->
                  !s3.listParts(b -> b.bucket(keys.bucket()).key(u.key()).uploadId(u.uploadId()))
                      .parts()
                      .isEmpty());
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      return false; // an upload just begun may not list its parts yet
    }
  }

  private static Map<String, String> env(String url, Path home) {
    Map<String, String> env = S3TestServer.env(home);
    env.put("FACTORY_OBJECTS", url);
    return env;
  }

  private String run(Map<String, String> env, String... args) throws Exception {
    Path log = dir.resolve(args[0] + "-" + System.nanoTime() + ".log");
    Process p = S3StoreChild.start(env, log, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    return out;
  }

  private static void writeRandom(Path file, long size, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
  }

  static long count(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
