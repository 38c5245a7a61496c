package dev.nbfactory.bench;

import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.FolderArtifactStore;
import dev.nbfactory.registry.OutputSpec;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryWriter;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 1: recording {@value #RUNS} runs, each with 5 parameters, 3 inputs, 2 outputs and 5
 * metrics, on a fresh embedded registry. One invocation records all {@value #RUNS} runs; the score
 * is the time per run (runs/s = 1,000,000 / score in us/op).
 *
 * <ul>
 *   <li>{@code batched}: {@code runsPerTransaction} whole runs inside each {@code registry.write}.
 *   <li>{@code perCall}: every Registry method call is its own transaction (9 per run: startRun,
 *       logParameters, 3 x logInput, 2 x logOutput, logMetrics with 5 values, finishRun).
 * </ul>
 *
 * <p>Inputs name versions ({@code name@N}) recorded before the clock starts. Outputs name distinct
 * objects stored before the clock starts (in one store that every fresh registry links to): a
 * notebook has written its bytes before it records them, so this measures the registry's recording,
 * including its check that each object is in the store.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RecordRunsBenchmark {
  static final int RUNS = 10_000;
  static final int STAGES = 10;
  static final List<String> INPUT_ARTIFACTS =
      List.of("raw-customers", "raw-orders", "reference-codes");
  static final int INPUT_VERSIONS = 100;

  /** A fresh registry per invocation, with the input versions the runs read already recorded. */
  @State(Scope.Thread)
  public static class Fresh {
    String[] outputHashes;
    Path objects;
    Path dir;
    Registry registry;

    @Setup(Level.Trial)
    public void store() {
      objects = BenchFiles.freshDir("record-runs-objects-");
      FolderArtifactStore store = new FolderArtifactStore(objects);
      outputHashes = new String[RUNS * 2];
      for (int i = 0; i < outputHashes.length; i++) {
        outputHashes[i] = BenchFiles.stored(store, "output-" + i);
      }
      for (String name : INPUT_ARTIFACTS) {
        for (int v = 1; v <= INPUT_VERSIONS; v++) {
          BenchFiles.stored(store, name + "@" + v);
        }
      }
    }

    @TearDown(Level.Trial)
    public void dropStore() {
      BenchFiles.deleteRecursively(objects);
    }

    @Setup(Level.Invocation)
    public void open() throws java.io.IOException {
      dir = BenchFiles.freshDir("record-runs-");
      Files.createDirectories(dir.resolve(".factory"));
      Files.createSymbolicLink(dir.resolve(".factory/objects"), objects);
      registry = BenchFiles.open(dir.resolve(".factory"));
      registry.write(
          w -> {
            for (String name : INPUT_ARTIFACTS) {
              for (int v = 1; v <= INPUT_VERSIONS; v++) {
                w.logOutput(
                    null,
                    new OutputSpec(
                        name,
                        ArtifactKind.DATASET,
                        BenchFiles.seedHash(name + "@" + v),
                        1024,
                        "text/csv",
                        List.of(),
                        null));
              }
            }
            return null;
          });
    }

    @TearDown(Level.Invocation)
    public void check() {
      try {
        Map<String, Long> counts = registry.counts();
        long versions = (long) INPUT_ARTIFACTS.size() * INPUT_VERSIONS + 2L * RUNS;
        if (counts.get("runs") != RUNS
            || counts.get("artifact_versions") != versions
            || counts.get("metrics") != 5L * RUNS) {
          throw new IllegalStateException("the benchmark recorded the wrong rows: " + counts);
        }
      } finally {
        registry.close();
        BenchFiles.deleteRecursively(dir);
      }
    }
  }

  @State(Scope.Thread)
  public static class Batch {
    @Param({"100", "1000"})
    public int runsPerTransaction;
  }

  @Benchmark
  @OperationsPerInvocation(RUNS)
  public void batched(Fresh fresh, Batch batch) {
    for (int first = 0; first < RUNS; first += batch.runsPerTransaction) {
      int from = first;
      int to = Math.min(RUNS, first + batch.runsPerTransaction);
      fresh.registry.write(
          w -> {
            for (int i = from; i < to; i++) {
              recordRun(w, i, fresh.outputHashes);
            }
            return null;
          });
    }
  }

  /** About 9 commits per run, each an fsync: 30-60 s an invocation, so fewer of them. */
  @Benchmark
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  @OperationsPerInvocation(RUNS)
  public void perCall(Fresh fresh) {
    for (int i = 0; i < RUNS; i++) {
      recordRun(fresh.registry, i, fresh.outputHashes);
    }
  }

  /** One run as a training notebook records it; through a Registry, each call commits alone. */
  static void recordRun(RegistryWriter w, int i, String[] outputHashes) {
    String stage = "stage-" + (i % STAGES);
    Run run = w.startRun(RunStart.builder(stage).build());
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("epochs", 10 + i % 50);
    params.put("learning_rate", 0.001 * (1 + i % 7));
    params.put("algorithm", i % 2 == 0 ? "sgd" : "adam");
    params.put("seed", i);
    params.put("batch_size", 64);
    w.logParameters(run.id(), params, dev.nbfactory.registry.SecretMarks.NONE);
    int version = 1 + i % INPUT_VERSIONS;
    for (String input : INPUT_ARTIFACTS) {
      w.logInput(run.id(), input + "@" + version);
    }
    w.logOutput(
        run.id(),
        new OutputSpec(
            stage + "-model",
            ArtifactKind.MODEL,
            outputHashes[2 * i],
            4096,
            "application/octet-stream",
            List.of(),
            null));
    w.logOutput(
        run.id(),
        new OutputSpec(
            stage + "-scores",
            ArtifactKind.DATASET,
            outputHashes[2 * i + 1],
            2048,
            "text/csv",
            List.of(),
            null));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("accuracy", 0.80 + (i % 100) / 1000.0);
    metrics.put("precision", 0.75 + (i % 90) / 1000.0);
    metrics.put("recall", 0.70 + (i % 80) / 1000.0);
    metrics.put("f1", 0.72 + (i % 70) / 1000.0);
    metrics.put("loss", 0.5 - (i % 60) / 1000.0);
    w.logMetrics(run.id(), metrics, 0);
    w.finishRun(run.id(), RunStatus.SUCCEEDED, null);
  }
}
