package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.testing.TempRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lineage closures from the registry's recursive query, checked against a plain graph walk. */
class LineageClosureTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  /** A generated history: which runs read and wrote which version refs. */
  private final Map<String, List<String>> runInputs = new HashMap<>();

  private final Map<String, List<String>> runOutputs = new HashMap<>();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void closuresMatchANaiveWalkOnGeneratedDags(long seed) {
    Registry registry = temp.get();
    Random random = new Random(seed);
    List<String> versions = new ArrayList<>();
    // Roots recorded outside any run, then runs that read 1-3 earlier versions and write 1-2.
    for (int i = 0; i < 5; i++) {
      versions.add(put(registry, null, "source-" + i, random));
    }
    for (int r = 0; r < 60; r++) {
      Run run = registry.startRun(RunStart.builder("stage-" + (r % 7)).build());
      List<String> ins = new ArrayList<>();
      int reads = 1 + random.nextInt(3);
      for (int k = 0; k < reads; k++) {
        // Prefer recent versions, so the DAG gets deep as well as wide.
        int window = Math.min(versions.size(), 12);
        String ref = versions.get(versions.size() - 1 - random.nextInt(window));
        ins.add(registry.logInput(run.id(), ref).ref());
      }
      runInputs.put(run.id(), ins);
      int writes = 1 + random.nextInt(2);
      List<String> outs = new ArrayList<>();
      for (int k = 0; k < writes; k++) {
        String name = "artifact-" + random.nextInt(15);
        String ref = put(registry, run.id(), name, random);
        outs.add(ref);
        versions.add(ref);
      }
      runOutputs.put(run.id(), outs);
      registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);
    }

    for (int probe = 0; probe < 15; probe++) {
      String root = versions.get(random.nextInt(versions.size()));
      int depth = random.nextInt(8);
      for (Lineage.Direction direction : Lineage.Direction.values()) {
        Lineage lineage = registry.lineage(root, direction, depth);
        Naive expected = naive(root, direction, depth);
        assertThat(
                lineage.versions().stream().map(ArtifactVersion::ref).collect(Collectors.toSet()))
            .as("%s versions of %s to depth %d", direction, root, depth)
            .isEqualTo(expected.versions);
        assertThat(lineage.runs().stream().map(Run::id).collect(Collectors.toSet()))
            .as("%s runs of %s to depth %d", direction, root, depth)
            .isEqualTo(expected.runs);
        Map<Long, ArtifactVersion> byId = lineage.versionsById();
        assertThat(
                lineage.edges().stream()
                    .map(e -> e.type() + " " + e.runId() + " " + byId.get(e.versionId()).ref())
                    .collect(Collectors.toSet()))
            .as("%s edges of %s to depth %d", direction, root, depth)
            .isEqualTo(expected.edges);
        assertThat(lineage.root().ref()).isEqualTo(root);
      }
    }
  }

  @Test
  void upstreamOfAModelWalksBackToTheRawData() {
    Registry registry = temp.get();
    Random random = new Random(7);
    String raw = put(registry, null, "raw", random);
    Run ingest = registry.startRun(RunStart.builder("ingest").build());
    registry.logInput(ingest.id(), raw);
    String clean = put(registry, ingest.id(), "clean", random);
    Run train = registry.startRun(RunStart.builder("train").build());
    registry.logInput(train.id(), clean);
    String model = put(registry, train.id(), "model", random);
    Run score = registry.startRun(RunStart.builder("score").build());
    registry.logInput(score.id(), model);
    registry.logInput(score.id(), clean);
    put(registry, score.id(), "scores", random);

    Lineage up = registry.upstream(model, 10);
    assertThat(up.versions())
        .extracting(ArtifactVersion::name)
        .containsExactlyInAnyOrder("raw", "clean", "model");
    assertThat(up.runs()).extracting(Run::stage).containsExactly("ingest", "train");
    Lineage down = registry.downstream(raw, 10);
    assertThat(down.versions())
        .extracting(ArtifactVersion::name)
        .containsExactlyInAnyOrder("raw", "clean", "model", "scores");
    assertThat(registry.upstream(model, 1).versions())
        .extracting(ArtifactVersion::name)
        .containsExactlyInAnyOrder("clean", "model");
    assertThat(registry.upstream(model, 0).versions())
        .extracting(ArtifactVersion::name)
        .containsExactly("model");
    assertThat(registry.upstream(model, 0).runs()).isEmpty();
  }

  private String put(Registry registry, String runId, String name, Random random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return registry
        .putOutput(runId, name, ArtifactKind.DATASET, "application/octet-stream", bytes)
        .ref();
  }

  private record Naive(Set<String> versions, Set<String> runs, Set<String> edges) {}

  /** Breadth-first over the generated history, one hop = version, run, version. */
  private Naive naive(String root, Lineage.Direction direction, int depth) {
    boolean up = direction == Lineage.Direction.UPSTREAM;
    Map<String, List<String>> near = up ? runOutputs : runInputs;
    Map<String, List<String>> far = up ? runInputs : runOutputs;
    String nearType = up ? "PRODUCED" : "CONSUMED";
    String farType = up ? "CONSUMED" : "PRODUCED";
    Set<String> versions = new HashSet<>(Set.of(root));
    Set<String> runs = new HashSet<>();
    Set<String> edges = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>(Map.of(root, 0));
    ArrayDeque<String> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      String version = queue.poll();
      int d = seen.get(version);
      if (d >= depth) {
        continue;
      }
      for (Map.Entry<String, List<String>> run : near.entrySet()) {
        if (!run.getValue().contains(version)) {
          continue;
        }
        runs.add(run.getKey());
        edges.add(nearType + " " + run.getKey() + " " + version);
        for (String next : far.getOrDefault(run.getKey(), List.of())) {
          edges.add(farType + " " + run.getKey() + " " + next);
          versions.add(next);
          if (!seen.containsKey(next)) {
            seen.put(next, d + 1);
            queue.add(next);
          }
        }
      }
    }
    return new Naive(versions, runs, edges);
  }
}
