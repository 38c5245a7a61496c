package dev.nbfactory.registry.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.ArtifactStore;
import dev.nbfactory.registry.FolderArtifactStore;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.StoredObject;
import dev.nbfactory.registry.testing.ChildProcess;
import dev.nbfactory.registry.testing.GeneratedBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 18: garbage collection never deletes an object a writer has stored but not yet recorded,
 * because such an object is younger than the grace period, and storing bytes again makes them
 * young.
 */
class GcPausedWriterIT {
  private static final Duration GRACE = Duration.ofHours(1);
  private static final long LENGTH = 4L << 20;

  @TempDir Path dir;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void gcKeepsTheObjectOfAWriterPausedBeforeItsCommit() throws Exception {
    runPausedWriter(false);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void gcKeepsAnOldObjectThatAPausedWriterJustStoredAgain() throws Exception {
    runPausedWriter(true);
  }

  @Test
  void storingBytesThatExistRefreshesTheObjectsTime() throws Exception {
    FolderArtifactStore store = new FolderArtifactStore(dir.resolve("objects"));
    byte[] bytes = "rows\n1\n".getBytes(StandardCharsets.UTF_8);
    StoredObject first = store.put(bytes);
    store.touch(first.hash(), Instant.now().minus(Duration.ofDays(3)));
    Instant before = Instant.now().minusSeconds(5);

    assertThat(store.put(bytes)).isEqualTo(first);

    assertThat(Files.getLastModifiedTime(store.objectPath(first.hash())).toInstant())
        .isAfter(before);
    assertThat(store.gc(Set.of(), GRACE, false).removed()).isEmpty();
  }

  /**
   * A child stores new bytes (or, if {@code alreadyStored}, bytes the store holds in an old object)
   * and pauses before recording them; gc runs meanwhile.
   */
  private void runPausedWriter(boolean alreadyStored) throws Exception {
    Path folder = dir.resolve(".factory");
    Path signal = dir.resolve("commit");
    long seed = alreadyStored ? 1818 : 18;
    String hash = GeneratedBytes.sha256(seed, LENGTH);
    try (Registry registry = Registry.open(RegistryLocation.ofFolder(folder), Clock.systemUTC())) {
      ArtifactStore store = registry.store();
      Instant old = Instant.now().minus(GRACE).minus(Duration.ofHours(1));
      if (alreadyStored) {
        // Unreferenced and past the grace period: gc would remove it, unless storing it again
        // made it young.
        assertThat(store.put(new GeneratedBytes(seed, LENGTH)).hash()).isEqualTo(hash);
        store.touch(hash, old);
      }
      // An unrelated object no version references, past the grace period: gc must remove it, which
      // shows this gc does delete what it may.
      String unrelated =
          store.put("left over by a failed run\n".getBytes(StandardCharsets.UTF_8)).hash();
      store.touch(unrelated, old);

      try (ChildProcess writer =
          ChildProcess.start(
              dir,
              "paused-writer",
              "paused-put",
              folder.toString(),
              signal.toString(),
              Long.toString(seed),
              Long.toString(LENGTH))) {
        assertThat(writer.awaitLine("stored ", Duration.ofSeconds(30))).isEqualTo("stored " + hash);
        assertThat(registry.referencedHashes()).doesNotContain(hash);

        ArtifactStore.GcResult gc = registry.gc(GRACE, false);

        assertThat(gc.removed()).containsExactly(unrelated);
        assertThat(store.contains(unrelated)).isFalse();
        assertThat(store.contains(hash)).as("the paused writer's object").isTrue();
        assertThat(writer.isAlive()).isTrue();

        Files.createFile(signal);
        assertThat(writer.awaitLine("recorded ", Duration.ofSeconds(30)))
            .isEqualTo("recorded " + hash);
        assertThat(writer.awaitExit(Duration.ofSeconds(30)))
            .as("exit code, stderr:%n%s", writer.stderr())
            .isZero();
        assertThat(writer.stderr()).isBlank();
      }

      assertThat(registry.referencedHashes()).contains(hash);
      assertThat(registry.verify().problems()).isEmpty();
      // Now that a version references it, even an old object stays.
      store.touch(hash, old);
      assertThat(registry.gc(GRACE, false).removed()).isEmpty();
      assertThat(registry.verify().problems()).isEmpty();
    }
  }
}
