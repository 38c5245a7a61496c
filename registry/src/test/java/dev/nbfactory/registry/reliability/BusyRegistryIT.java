package dev.nbfactory.registry.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.testing.ChildProcess;
import dev.nbfactory.registry.testing.RegistryChild;
import dev.nbfactory.registry.testing.RegistryDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promises 1 and 2 when a write has to wait longer than the busy timeout (15 s): another process
 * holds the write lock through a long batch, or was stopped while holding it. The waiting writer
 * must retry its transaction whole, so each run is recorded all or nothing, once, without an error.
 */
class BusyRegistryIT {
  private static final int RUNS = 40;
  private static final int FAIL_EVERY = 4;

  /**
   * How long the lock stays held after the writer starts to open the registry: longer than the
   * registry's busy timeout of 15 s, so the writer's first wait for it gives up and is retried.
   */
  private static final Duration HOLD = Duration.ofMillis(16_500);

  @TempDir Path dir;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void aWriterThatOutwaitsTheBusyTimeoutRetriesWholeTransactions() throws Exception {
    Path folder = dir.resolve(".factory");
    Path release = dir.resolve("release");
    RegistryChild.createWithInputs(folder);

    try (ChildProcess holder =
        ChildProcess.start(dir, "holder", "hold-lock", folder.toString(), release.toString())) {
      holder.awaitLine("holding", Duration.ofSeconds(30));
      try (ChildProcess writer =
          ChildProcess.start(
              dir,
              "writer",
              "runs",
              folder.toString(),
              "0",
              Integer.toString(RUNS),
              Integer.toString(FAIL_EVERY))) {
        writer.awaitLine("opening", Duration.ofSeconds(30));
        Thread.sleep(HOLD.toMillis());
        assertThat(writer.isAlive())
            .as("the writer waits for the lock; stderr:%n%s", writer.stderr())
            .isTrue();
        Files.createFile(release);

        assertThat(writer.awaitExit(Duration.ofSeconds(60))).as("writer exit code").isZero();
        assertThat(writer.stderr()).as("writer stderr").isBlank();
        assertThat(writer.lines()).containsExactly("opening", "done " + RUNS);
      }
      assertThat(holder.awaitExit(Duration.ofSeconds(30))).as("holder exit code").isZero();
      assertThat(holder.stderr()).as("holder stderr").isBlank();
    }

    int failed = (RUNS + FAIL_EVERY - 1) / FAIL_EVERY;
    int recorded = RUNS - failed;
    try (RegistryDatabase db = RegistryDatabase.open(folder)) {
      assertThat(db.count("SELECT COUNT(*) FROM runs")).isEqualTo(recorded + 1L);
      assertThat(db.count("SELECT COUNT(*) FROM runs WHERE status = 'SUCCEEDED'"))
          .isEqualTo(recorded + 1L);
      // Runs whose transaction failed left nothing; the others are there once each, whole.
      assertThat(
              db.count(
                  "SELECT COUNT(*) FROM run_params WHERE name = 'n' AND CAST(value AS INTEGER) % ? = 0",
                  FAIL_EVERY))
          .isZero();
      assertThat(db.count("SELECT COUNT(DISTINCT value) FROM run_params WHERE name = 'n'"))
          .isEqualTo(recorded);
      assertThat(db.count("SELECT COUNT(*) FROM run_params")).isEqualTo(5L * recorded);
      assertThat(db.count("SELECT COUNT(*) FROM run_inputs")).isEqualTo(3L * recorded);
      assertThat(db.count("SELECT COUNT(*) FROM run_outputs")).isEqualTo(2L * recorded);
      assertThat(db.count("SELECT COUNT(*) FROM metrics")).isEqualTo(2L * recorded);
      assertThat(db.integrityCheck()).containsExactly("ok");
      assertThat(db.foreignKeyCheck()).isEmpty();
      assertThat(db.orphans()).isEmpty();
    }
  }
}
