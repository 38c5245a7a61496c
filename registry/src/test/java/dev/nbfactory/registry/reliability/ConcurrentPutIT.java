package dev.nbfactory.registry.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.FolderArtifactStore;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.testing.ChildProcess;
import dev.nbfactory.registry.testing.GeneratedBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Promise 17: processes storing the same bytes at the same moment all succeed, into one object. */
class ConcurrentPutIT {
  private static final int PROCESSES = 8;
  private static final long LENGTH = 32L << 20;
  private static final long SEED = 17;

  @TempDir Path dir;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void eightProcessesStoringTheSameBytesMakeOneObject() throws Exception {
    Path folder = dir.resolve(".factory");
    Path go = dir.resolve("go");
    String expected = GeneratedBytes.sha256(SEED, LENGTH);

    List<ChildProcess> children = new ArrayList<>();
    List<String> printed = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSES; i++) {
        children.add(
            ChildProcess.start(
                dir,
                "putter-" + i,
                "put-same",
                folder.toString(),
                go.toString(),
                Long.toString(SEED),
                Long.toString(LENGTH)));
      }
      for (ChildProcess child : children) {
        child.awaitLine("waiting", Duration.ofSeconds(30));
      }
      Files.createFile(go);
      for (ChildProcess child : children) {
        int exit = child.awaitExit(Duration.ofSeconds(60));
        assertThat(exit).as("exit code of %s, stderr:%n%s", child, child.stderr()).isZero();
        assertThat(child.stderr()).as("stderr of %s", child).isBlank();
        printed.add(child.awaitLine("stored ", Duration.ofSeconds(1)));
      }
    } finally {
      children.forEach(ChildProcess::close);
    }

    assertThat(printed).hasSize(PROCESSES).containsOnly("stored " + expected);
    FolderArtifactStore store =
        new FolderArtifactStore(RegistryLocation.ofFolder(folder).objects());
    try (Stream<Path> files = Files.walk(store.root())) {
      assertThat(files.filter(Files::isRegularFile).collect(Collectors.toList()))
          .as("every file in the store: one object, no temp files")
          .containsExactly(store.objectPath(expected));
    }
    assertThat(store.list()).containsExactly(expected);
    assertThat(store.size(expected)).isEqualTo(LENGTH);
    store.verify(expected);
  }
}
