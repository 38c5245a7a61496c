package dev.nbfactory.bench;

import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.OutputSpec;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A generated lineage shaped like a real factory's: {@link #levels} levels of {@link #width}
 * versions each. Level 0 is made by ingest runs that read nothing; each run at level L reads 1 to 3
 * versions of level L-1 at most {@link #window} positions from its own, and writes one version. The
 * upstream closure of a version at the last level therefore widens by a few positions per level: a
 * few thousand versions, not the whole graph.
 *
 * <p>Level L is the artifact {@code level-LL}; position p is its version p+1. The registry is built
 * with batched writes once, then kept on disk under {@link BenchFiles#baseDir()} and reused while
 * its marker file says it was built complete with the same parameters.
 */
record LineageGraph(int levels, int width, int window, long seed) {
  static final LineageGraph DEFAULT = new LineageGraph(50, 2_000, 1, 42);
  private static final int RUNS_PER_TRANSACTION = 1_000;

  int versions() {
    return levels * width;
  }

  static String artifact(int level) {
    return String.format("level-%02d", level);
  }

  static String ref(int level, int position) {
    return artifact(level) + "@" + (position + 1);
  }

  /** Positions of level L-1 that the run writing (L, p) reads: 1 to 3, distinct, in the window. */
  List<Integer> inputs(Random random, int position) {
    int lo = Math.max(0, position - window);
    int hi = Math.min(width - 1, position + window);
    List<Integer> candidates = new ArrayList<>();
    for (int q = lo; q <= hi; q++) {
      candidates.add(q);
    }
    Collections.shuffle(candidates, random);
    int count = Math.min(candidates.size(), 1 + random.nextInt(3));
    return List.copyOf(candidates.subList(0, count));
  }

  Path folder() {
    return BenchFiles.baseDir()
        .resolve(
            "lineage-g1-levels" + levels + "-width" + width + "-window" + window + "-seed" + seed);
  }

  /** The registry folder, built first if no complete copy is cached. */
  Path openOrBuild() {
    Path folder = folder();
    Path marker = folder.resolve("complete");
    if (Files.isRegularFile(marker)) {
      return folder.resolve(".factory");
    }
    BenchFiles.deleteRecursively(folder);
    long start = System.nanoTime();
    try (Registry registry = BenchFiles.open(folder.resolve(".factory"))) {
      build(registry);
    }
    try {
      Files.writeString(marker, toString() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.printf(
        "%nbuilt %s: %,d versions in %.1f s, cached in %s%n",
        this, versions(), (System.nanoTime() - start) / 1e9, folder);
    return folder.resolve(".factory");
  }

  private void build(Registry registry) {
    Random random = new Random(seed);
    for (int level = 0; level < levels; level++) {
      int l = level;
      for (int first = 0; first < width; first += RUNS_PER_TRANSACTION) {
        int from = first;
        int to = Math.min(width, first + RUNS_PER_TRANSACTION);
        // Drawn before the transaction: a retried transaction must record the same graph.
        List<List<Integer>> reads = new ArrayList<>();
        for (int p = from; p < to; p++) {
          reads.add(l == 0 ? List.of() : inputs(random, p));
        }
        registry.write(
            w -> {
              for (int p = from; p < to; p++) {
                String stage = l == 0 ? "ingest" : String.format("stage-%02d", l);
                Run run = w.startRun(RunStart.builder(stage).build());
                for (int q : reads.get(p - from)) {
                  w.logInput(run.id(), ref(l - 1, q));
                }
                w.logOutput(
                    run.id(),
                    new OutputSpec(
                        artifact(l),
                        ArtifactKind.DATASET,
                        BenchFiles.stored(registry.store(), l + ":" + p),
                        1L << 20,
                        "application/x-parquet",
                        List.of(),
                        null));
                w.finishRun(run.id(), RunStatus.SUCCEEDED, null);
              }
              return null;
            });
      }
    }
    long versions = registry.counts().get("artifact_versions");
    if (versions != versions()) {
      throw new IllegalStateException("built " + versions + " versions, expected " + versions());
    }
  }
}
