package dev.nbfactory.registry.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.PredictionLog;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.testing.ChildProcess;
import dev.nbfactory.registry.testing.RegistryDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 26, the registry's half: a model server killed with {@code kill -9} under load loses no
 * prediction whose id it had sent. A child appends from many threads and prints each id once its
 * append returned; after the kill, every printed id is in the log, with its shadow row when it had
 * one, and the database is sound.
 */
class KilledPredictionLogIT {
  private static final int KILLS = 5;
  private static final int THREADS = 8;

  @TempDir Path dir;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void everyPredictionAcknowledgedBeforeAKillIsInTheLog() throws Exception {
    Path folder = dir.resolve(".factory");
    RegistryLocation location = RegistryLocation.ofFolder(folder);
    String run;
    try (Registry registry = Registry.open(location, Clock.systemUTC())) {
      run = registry.startRun(RunStart.builder("serve-churn").kind(RunKind.HEADLESS).build()).id();
    }
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Set<String> acknowledged = new HashSet<>();
    Set<String> withShadow = new HashSet<>();
    for (int k = 0; k < KILLS; k++) {
      try (ChildProcess server =
          ChildProcess.start(
              dir,
              "server-" + k,
              "predictions",
              folder.toString(),
              run,
              Integer.toString(THREADS))) {
        server.awaitLine("ready", Duration.ofSeconds(60));
        int target = 300 + random.nextInt(500);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.lines().size() <= target && System.nanoTime() < deadline) {
          assertThat(server.isAlive())
              .as("%s died before it was killed; stderr:%n%s", server, server.stderr())
              .isTrue();
          Thread.sleep(5);
        }
        server.kill();
        for (String line : server.lines()) {
          if (line.startsWith("logged ")) {
            String[] parts = line.split(" ");
            acknowledged.add(parts[1]);
            if (parts.length > 2) {
              withShadow.add(parts[1]);
            }
          } else {
            assertThat(line).isEqualTo("ready");
          }
        }
      }
    }
    System.out.printf(
        "KilledPredictionLogIT: seed %d, %d kills, %d predictions acknowledged%n",
        seed, KILLS, acknowledged.size());
    assertThat(acknowledged).hasSizeGreaterThan(KILLS * 300);

    try (RegistryDatabase db = RegistryDatabase.open(folder)) {
      assertThat(db.integrityCheck()).containsExactly("ok");
      assertThat(db.foreignKeyCheck()).isEmpty();
      // Among them: a request's rows commit together, no shadow row without its production row.
      assertThat(db.orphans()).isEmpty();
      Set<String> production =
          new HashSet<>(db.strings("SELECT id FROM predictions WHERE role = 'production'"));
      Set<String> shadowed =
          new HashSet<>(db.strings("SELECT request_id FROM predictions WHERE role = 'shadow'"));
      assertThat(production).containsAll(acknowledged);
      assertThat(shadowed).containsAll(withShadow);
      System.out.printf(
          "KilledPredictionLogIT: %d production rows, %d committed but not acknowledged%n",
          production.size(), production.size() - acknowledged.size());
    }

    // The log takes appends again after the kills.
    try (Registry registry = Registry.open(location, Clock.systemUTC());
        PredictionLog log = PredictionLog.open(registry, run)) {
      log.append(PredictionRecord.production("after", "churn", 1, Instant.now(), null, "no", null));
      assertThat(registry.predictions().unsealed("churn", 1_000_000))
          .hasSizeGreaterThan(acknowledged.size())
          .extracting(PredictionRecord::id)
          .contains("after");
    }
  }
}
