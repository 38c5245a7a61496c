package dev.nbfactory.magics.lineage;

import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import java.nio.charset.StandardCharsets;

/**
 * A pipeline in levels of {@code width} stages: each run at a level reads the versions at its own,
 * the previous and the next position of the level before (wrapping round) and writes one version.
 * Names are long, as real ones are, and kinds and statuses vary.
 */
final class LineageGrid {
  /** Every kind a run writes; an external file is only ever read. */
  private static final ArtifactKind[] KINDS =
      java.util.Arrays.stream(ArtifactKind.values())
          .filter(k -> k != ArtifactKind.EXTERNAL)
          .toArray(ArtifactKind[]::new);

  private static final RunStatus[] STATUSES = {
    RunStatus.SUCCEEDED, RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.KILLED, RunStatus.LOST
  };

  private LineageGrid() {}

  static String name(int level, int position) {
    return "customer-features-level-" + level + "-part-" + position;
  }

  /** Records the grid; returns the reference of a version at the last level. */
  static String record(Registry registry, int levels, int width) {
    for (int level = 0; level < levels; level++) {
      for (int i = 0; i < width; i++) {
        String run = registry.startRun(RunStart.builder("stage-" + level + "-" + i).build()).id();
        if (level > 0) {
          for (int d = -1; d <= 1; d++) {
            registry.logInput(run, name(level - 1, Math.floorMod(i + d, width)));
          }
        }
        registry.putOutput(
            run,
            name(level, i),
            KINDS[(level + i) % KINDS.length],
            "text/plain",
            (level + "/" + i).getBytes(StandardCharsets.UTF_8));
        if ((level + i) % 7 != 3) {
          registry.finishRun(run, STATUSES[(level * width + i) % STATUSES.length], null);
        }
      }
    }
    return name(levels - 1, width / 2);
  }
}
