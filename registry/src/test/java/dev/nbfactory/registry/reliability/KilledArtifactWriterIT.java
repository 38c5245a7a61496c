package dev.nbfactory.registry.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FolderArtifactStore;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 16: a process killed while it stores a large artifact leaves nothing at a final object
 * path but whole objects, and the registry never points at an object that is not there.
 */
class KilledArtifactWriterIT {
  private static final int KILLS = 15;
  private static final Pattern OBJECT_PATH = Pattern.compile("[0-9a-f]{2}/[0-9a-f]{62}");

  @TempDir Path dir;

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void killsWhileStoringLargeArtifactsLeaveOnlyWholeObjects() throws Exception {
    Path folder = dir.resolve(".factory");
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Set<String> stored = new HashSet<>();
    Set<String> recorded = new HashSet<>();
    int killedMidPut = 0;

    for (int k = 0; k < KILLS; k++) {
      try (ChildProcess writer =
          ChildProcess.start(
              dir,
              "artifact-writer-" + k,
              "big-artifacts",
              folder.toString(),
              Long.toString(random.nextLong()))) {
        writer.awaitLine("ready", Duration.ofSeconds(60));
        if (k % 2 == 0) {
          // Most of these land inside the first put: 64-256 MB take a second or more.
          Thread.sleep(150 + random.nextInt(2_000));
        } else {
          // These land after one artifact was recorded, inside the next put or its recording.
          writer.awaitLine("recorded ", Duration.ofSeconds(60));
          Thread.sleep(random.nextInt(1_000));
        }
        assertThat(writer.isAlive())
            .as("%s died before it was killed; stderr:%n%s", writer, writer.stderr())
            .isTrue();
        writer.kill();
        List<String> lines = writer.lines();
        for (String line : lines) {
          if (line.startsWith("stored ")) {
            stored.add(line.substring("stored ".length()));
          } else if (line.startsWith("recorded ")) {
            recorded.add(line.substring("recorded ".length()));
          }
        }
        if (lines.get(lines.size() - 1).startsWith("put ")) {
          killedMidPut++;
        }
      }
    }

    FolderArtifactStore store =
        new FolderArtifactStore(RegistryLocation.ofFolder(folder).objects());
    List<String> temps = new ArrayList<>();
    List<String> objects = new ArrayList<>();
    try (Stream<Path> files = Files.walk(store.root())) {
      for (Path file : files.filter(p -> !Files.isDirectory(p)).collect(Collectors.toList())) {
        String relative = store.root().relativize(file).toString().replace('\\', '/');
        if (relative.startsWith("tmp/")) {
          temps.add(relative);
        } else {
          assertThat(relative).as("a file outside objects/tmp/").matches(OBJECT_PATH);
          assertThat(file).isRegularFile();
          objects.add(relative.replace("/", ""));
        }
      }
    }
    System.out.printf(
        "KilledArtifactWriterIT: seed %d, %d kills, %d inside a put, %d objects, %d recorded,"
            + " %d temp files left%n",
        seed, KILLS, killedMidPut, objects.size(), recorded.size(), temps.size());

    // Non-vacuous: kills did cut puts short, and whole artifacts did get stored and recorded.
    assertThat(killedMidPut).isPositive();
    assertThat(temps).hasSizeGreaterThanOrEqualTo(1);
    assertThat(recorded).hasSizeGreaterThanOrEqualTo(KILLS / 2);

    assertThat(store.list()).containsExactlyInAnyOrderElementsOf(objects);
    assertThat(objects).containsAll(stored);
    for (String hash : objects) {
      store.verify(hash); // re-hashes: the bytes at a final path are the bytes its name promises
    }
    try (Registry registry = Registry.open(RegistryLocation.ofFolder(folder), Clock.systemUTC())) {
      assertThat(registry.referencedHashes()).containsAll(recorded);
      assertThat(registry.versions("export"))
          .extracting(ArtifactVersion::contentHash)
          .allSatisfy(hash -> assertThat(store.contains(hash)).as("object %s", hash).isTrue());
      assertThat(registry.verify().problems()).isEmpty();
    }
  }
}
