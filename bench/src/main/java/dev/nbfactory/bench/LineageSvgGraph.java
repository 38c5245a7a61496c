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
import java.util.List;

/**
 * The graph {@code %lineage} is timed on: {@link #LEVELS} levels of {@link #WIDTH} stages, each run
 * reading the versions at its own, the previous and the next position of the level before (wrapping
 * round) and writing one version, so the upstream closure of a last-level version at depth {@link
 * #DEPTH} widens by two a level until it spans the width: 105 versions and 95 runs (the ingest runs
 * of level 0 are one hop beyond the depth), 200 nodes, 380 edges. Names are long, kinds and
 * statuses mixed, as in a real factory. Built once with one transaction and cached under {@link
 * BenchFiles#baseDir()} while its marker exists.
 */
final class LineageSvgGraph {
  static final int LEVELS = 13;
  static final int WIDTH = 10;
  static final int DEPTH = LEVELS - 1;
  static final String ROOT = name(LEVELS - 1, WIDTH / 2);

  private static final ArtifactKind[] KINDS = ArtifactKind.values();
  private static final RunStatus[] STATUSES = {
    RunStatus.SUCCEEDED,
    RunStatus.SUCCEEDED,
    RunStatus.SUCCEEDED,
    RunStatus.FAILED,
    RunStatus.KILLED
  };

  private LineageSvgGraph() {}

  static String name(int level, int position) {
    return "customer-features-level-" + level + "-part-" + position;
  }

  /** The registry folder, built first if no complete copy is cached. */
  static Path openOrBuild() {
    Path folder = BenchFiles.baseDir().resolve("lineage-svg-g1-levels" + LEVELS + "-width" + WIDTH);
    Path marker = folder.resolve("complete");
    if (Files.isRegularFile(marker)) {
      return folder.resolve(".factory");
    }
    BenchFiles.deleteRecursively(folder);
    try (Registry registry = BenchFiles.open(folder.resolve(".factory"))) {
      build(registry);
    }
    try {
      Files.writeString(marker, "levels " + LEVELS + ", width " + WIDTH + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return folder.resolve(".factory");
  }

  private static void build(Registry registry) {
    List<String> hashes =
        java.util.stream.IntStream.range(0, LEVELS * WIDTH)
            .mapToObj(i -> BenchFiles.stored(registry.store(), "lineage-svg:" + i))
            .toList();
    registry.write(
        w -> {
          for (int level = 0; level < LEVELS; level++) {
            for (int i = 0; i < WIDTH; i++) {
              Run run = w.startRun(RunStart.builder("stage-" + level + "-" + i).build());
              if (level > 0) {
                for (int d = -1; d <= 1; d++) {
                  w.logInput(run.id(), name(level - 1, Math.floorMod(i + d, WIDTH)));
                }
              }
              String text = level + "/" + i;
              w.logOutput(
                  run.id(),
                  new OutputSpec(
                      name(level, i),
                      KINDS[(level + i) % KINDS.length],
                      hashes.get(level * WIDTH + i),
                      text.getBytes(StandardCharsets.UTF_8).length,
                      "application/octet-stream",
                      List.of(),
                      null));
              // Every seventh run is left running, the others end in a mix of statuses.
              if ((level * WIDTH + i) % 7 != 3) {
                w.finishRun(run.id(), STATUSES[(level * WIDTH + i) % STATUSES.length], null);
              }
            }
          }
          return null;
        });
  }
}
