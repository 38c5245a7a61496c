package dev.nbfactory.registry.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunRecord;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.testing.ChildProcess;
import dev.nbfactory.registry.testing.RegistryChild;
import dev.nbfactory.registry.testing.RegistryDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 2: a writer killed with {@code kill -9} at any point loses at most the run it had not
 * committed. Every run a writer reported as recorded is there in full, and nothing is half there.
 */
class KilledWritersIT {
  private static final int KILLS = 200;
  private static final int WRITERS_AT_ONCE = 2;

  @TempDir Path dir;

  /** A run a writer printed after its commit returned. */
  private record Logged(String id, int child, int n) {}

  private ChildProcess startWriter(Path folder, int child) {
    return ChildProcess.start(
        dir,
        "writer-" + child,
        "crash-writer",
        folder.toString(),
        Integer.toString(child),
        dir.resolve("go-" + child).toString());
  }

  private Path goFile(ChildProcess writer) {
    return dir.resolve("go-" + writer.name().substring("writer-".length()));
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void everyRunReportedBeforeAKillIsThereWhole() throws Exception {
    Path folder = dir.resolve(".factory");
    RegistryChild.createWithInputs(folder);
    long seed = System.nanoTime();
    Map<String, Logged> logged = new ConcurrentHashMap<>();
    List<String> partialLines = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger kills = new AtomicInteger();

    ExecutorService lanes = Executors.newFixedThreadPool(WRITERS_AT_ONCE);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int lane = 0; lane < WRITERS_AT_ONCE; lane++) {
        int laneIndex = lane;
        futures.add(
            lanes.submit(
                () -> {
                  Random random = new Random(seed + laneIndex);
                  int count = KILLS / WRITERS_AT_ONCE;
                  // The next writer starts its JVM and opens the registry while this one writes;
                  // it begins writing only once this one is dead, so two write at a time.
                  ChildProcess next = startWriter(folder, laneIndex * 10_000);
                  for (int k = 0; k < count; k++) {
                    try (ChildProcess writer = next) {
                      writer.awaitLine("standby", Duration.ofSeconds(60));
                      Files.createFile(goFile(writer));
                      writer.awaitLine("ready", Duration.ofSeconds(30));
                      next = k + 1 < count ? startWriter(folder, laneIndex * 10_000 + k + 1) : null;
                      Thread.sleep(100 + random.nextInt(601));
                      assertThat(writer.isAlive())
                          .as("%s died before it was killed; stderr:%n%s", writer, writer.stderr())
                          .isTrue();
                      writer.kill();
                      kills.incrementAndGet();
                      for (String line : writer.lines()) {
                        if (line.startsWith("run ")) {
                          String[] parts = line.split(" ");
                          logged.put(
                              parts[1],
                              new Logged(
                                  parts[1],
                                  Integer.parseInt(parts[2]),
                                  Integer.parseInt(parts[3])));
                        } else {
                          assertThat(line).isIn("standby", "ready");
                        }
                      }
                      if (!writer.partialLine().isEmpty()) {
                        partialLines.add(writer.partialLine());
                      }
                    } catch (Throwable t) {
                      if (next != null) {
                        next.close();
                      }
                      throw t;
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      lanes.shutdownNow();
      lanes.awaitTermination(30, TimeUnit.SECONDS);
    }

    assertThat(kills).hasValue(KILLS);
    // Enough runs to mean something: writers that never committed would pass the checks below.
    // (How many depends on the machine's fsync speed: from a few hundred to thousands.)
    assertThat(logged).hasSizeGreaterThanOrEqualTo(KILLS / 4);
    System.out.printf(
        "KilledWritersIT: seed %d, %d kills, %d runs reported, %d partial lines%n",
        seed, kills.get(), logged.size(), partialLines.size());

    try (RegistryDatabase db = RegistryDatabase.open(folder)) {
      assertThat(db.integrityCheck()).containsExactly("ok");
      assertThat(db.foreignKeyCheck()).isEmpty();
      assertThat(db.orphans()).isEmpty();
      // Kills also landed inside runs recorded a call at a time: those stay RUNNING, never half
      // SUCCEEDED.
      long unfinished = db.count("SELECT COUNT(*) FROM runs WHERE status = 'RUNNING'");
      System.out.printf("KilledWritersIT: %d runs left RUNNING by a kill%n", unfinished);
      assertThat(unfinished).as("kills that landed between the calls of a run").isPositive();
      assertThat(
              db.count(
                  "SELECT COUNT(*) FROM runs r WHERE r.status = 'SUCCEEDED' AND ("
                      + " (SELECT COUNT(*) FROM run_params p WHERE p.run_id = r.id) <> 5"
                      + " OR (SELECT COUNT(*) FROM run_inputs i WHERE i.run_id = r.id) <> 3"
                      + " OR (SELECT COUNT(*) FROM run_outputs o WHERE o.run_id = r.id) <> 2"
                      + " OR (SELECT COUNT(*) FROM metrics m WHERE m.run_id = r.id) <> 2)"))
          .as("finished runs missing part of their record")
          .isZero();
    }

    try (Registry registry = Registry.open(RegistryLocation.ofFolder(folder), Clock.systemUTC())) {
      for (Logged run : logged.values()) {
        RunRecord record = registry.record(run.id());
        assertThat(record.run().status()).as("run %s", run.id()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(
                record.parameters().stream()
                    .collect(Collectors.toMap(Parameter::name, Parameter::value)))
            .as("parameters of run %s", run.id())
            .isEqualTo(RegistryChild.parameters(run.child(), run.n()));
        assertThat(record.inputs())
            .extracting(ArtifactVersion::name)
            .containsExactlyInAnyOrderElementsOf(RegistryChild.INPUTS);
        assertThat(record.outputs())
            .extracting(ArtifactVersion::name)
            .containsExactlyInAnyOrderElementsOf(RegistryChild.OUTPUTS);
        assertThat(record.outputs())
            .extracting(ArtifactVersion::producerRunId)
            .containsOnly(run.id());
        assertThat(record.metrics())
            .extracting(Metric::key)
            .containsExactlyInAnyOrder("accuracy", "loss");
      }

      Run after = registry.startRun(RunStart.builder("after-the-kills").build());
      registry.logParameters(after.id(), Map.of("alive", "yes"), List.of());
      registry.finishRun(after.id(), RunStatus.SUCCEEDED, null);
      assertThat(registry.record(after.id()).parameters())
          .containsExactly(new Parameter("alive", "yes", false));
    }
  }
}
