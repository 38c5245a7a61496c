package dev.nbfactory.registry.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.Migrations;
import dev.nbfactory.registry.testing.ChildProcess;
import dev.nbfactory.registry.testing.RegistryDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 3: processes that open a registry that does not exist yet, all at the same moment, create
 * its schema exactly once between them. Repeated, since each round is one roll of the dice.
 */
class ConcurrentMigrationIT {
  private static final int PROCESSES = 8;

  @TempDir Path dir;

  @RepeatedTest(3)
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void eightProcessesOpeningANewRegistryMigrateItOnce(RepetitionInfo round) throws Exception {
    Path folder = dir.resolve(".factory");
    Path go = dir.resolve("go");
    assertThat(folder).doesNotExist();
    List<Integer> all =
        IntStream.rangeClosed(1, Migrations.latestVersion()).boxed().collect(Collectors.toList());

    List<ChildProcess> children = new ArrayList<>();
    List<String> printed = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSES; i++) {
        children.add(
            ChildProcess.start(dir, "opener-" + i, "open", folder.toString(), go.toString()));
      }
      // Every child has loaded its classes and is polling for the file: they start together.
      for (ChildProcess child : children) {
        child.awaitLine("waiting", Duration.ofSeconds(30));
      }
      Files.createFile(go);
      for (ChildProcess child : children) {
        int exit = child.awaitExit(Duration.ofSeconds(45));
        assertThat(exit).as("exit code of %s, stderr:%n%s", child, child.stderr()).isZero();
        assertThat(child.stderr()).as("stderr of %s", child).isBlank();
        printed.add(child.awaitLine("applied ", Duration.ofSeconds(1)));
      }
    } finally {
      children.forEach(ChildProcess::close);
    }

    assertThat(Collections.frequency(printed, "applied " + all))
        .as(
            "round %d: opens that applied the migrations, of %s",
            round.getCurrentRepetition(), printed)
        .isEqualTo(1);
    assertThat(Collections.frequency(printed, "applied []"))
        .as("opens that found the schema already there, of %s", printed)
        .isEqualTo(PROCESSES - 1);
    try (RegistryDatabase db = RegistryDatabase.open(folder)) {
      assertThat(db.strings("SELECT version FROM schema_version ORDER BY version"))
          .isEqualTo(all.stream().map(String::valueOf).collect(Collectors.toList()));
      assertThat(db.integrityCheck()).containsExactly("ok");
    }
  }
}
