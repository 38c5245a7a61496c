package dev.nbfactory.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactStore;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.OutputSpec;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.SecretMarks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the registry {@code bench/ui/ui_bench.py} serves: {@code RUNS} runs (default 100,000) over
 * 10 stages, 10 metrics each (1,000,000 metric rows), 3 parameters each, and a dataset version
 * written by each stage in every second round (50,000 versions of 100 artifacts), each read by the
 * next stage's run, so lineage has depth. 3% of the runs failed. Writes {@code plan.json} beside
 * it: a run and a version to ask for.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.nbfactory.bench.UiBenchRegistry DIR [RUNS]</pre>
 */
public final class UiBenchRegistry {
  static final int STAGES = 10;
  static final int BATCH = 500;
  static final String[] METRICS = {
    "accuracy", "loss", "f1", "precision", "recall", "auc", "rmse", "mae", "latency_ms", "rows"
  };

  private UiBenchRegistry() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Files.createDirectories(dir.resolve(".factory"));
    long t0 = System.nanoTime();
    String sampleRun = null;
    String sampleRef = null;
    String neighbourRef = null;
    try (Registry registry = BenchFiles.open(dir.resolve(".factory"))) {
      ArtifactStore store = registry.store();
      Instant start = Instant.parse("2026-01-01T00:00:00Z");
      String[] lastOutput = new String[STAGES];
      for (int from = 0; from < runs; from += BATCH) {
        int to = Math.min(runs, from + BATCH);
        String[] hashes = new String[to - from];
        for (int i = from; i < to; i++) {
          // every stage writes in every second round of the ten: 50,000 versions of 100,000 runs
          hashes[i - from] =
              (i / STAGES) % 2 == 0 ? BenchFiles.stored(store, "ui-bench-" + i) : null;
        }
        int first = from;
        String[] result =
            registry.write(
                w -> {
                  String run0 = null;
                  String ref0 = null;
                  String ref1 = null;
                  for (int i = first; i < to; i++) {
                    int stage = i % STAGES;
                    Instant at = start.plusSeconds(30L * i);
                    Run run =
                        w.startRun(
                            new RunStart(
                                "stage-" + stage,
                                i % 7 == 0 ? RunKind.SCHEDULED : RunKind.HEADLESS,
                                "stages/stage-" + stage + ".ipynb",
                                BenchFiles.seedHash("code-" + stage),
                                null,
                                "17",
                                List.of(),
                                null,
                                "bench",
                                "bench",
                                null,
                                null,
                                null,
                                null,
                                at));
                    Map<String, Object> params = new LinkedHashMap<>();
                    params.put("alpha", 0.01 * (1 + i % 13));
                    params.put("epochs", 10 + i % 40);
                    params.put("algorithm", i % 3 == 0 ? "cart" : "logistic");
                    w.logParameters(run.id(), params, SecretMarks.NONE);
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (int m = 0; m < METRICS.length; m++) {
                      values.put(METRICS[m], ((i * 7919L + m * 104729L) % 10_000) / 10_000.0);
                    }
                    w.logMetrics(run.id(), values, 0);
                    String input = stage > 0 ? lastOutput[stage - 1] : null;
                    if (input != null) {
                      w.logInput(run.id(), input);
                    }
                    if (hashes[i - first] != null) {
                      ArtifactVersion v =
                          w.logOutput(
                              run.id(),
                              new OutputSpec(
                                  "dataset-" + (stage * 10 + (i / STAGES / 2) % 10),
                                  ArtifactKind.DATASET,
                                  hashes[i - first],
                                  ("ui-bench-" + i).length(),
                                  "application/octet-stream",
                                  List.of(),
                                  null));
                      lastOutput[stage] = v.ref();
                      if (ref0 == null && stage == 4 && input != null) {
                        ref0 = v.ref();
                        ref1 = input;
                      }
                    }
                    w.finishRun(
                        run.id(), i % 33 == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED, null);
                    run0 = run.id();
                  }
                  return new String[] {run0, ref0, ref1};
                });
        if (from >= runs / 2 && sampleRun == null) {
          sampleRun = result[0];
        }
        if (from >= runs / 2 && sampleRef == null && result[1] != null) {
          sampleRef = result[1];
          neighbourRef = result[2];
        }
        if (from % 10_000 == 0) {
          System.out.printf("%,d runs (%.0f s)%n", from, (System.nanoTime() - t0) / 1e9);
        }
      }
      System.out.println("counts: " + registry.counts());
    }
    ObjectNode plan = new ObjectMapper().createObjectNode();
    plan.put("runs", runs);
    plan.put("run", sampleRun);
    plan.put("ref", sampleRef);
    plan.put("expand", neighbourRef);
    new ObjectMapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve("plan.json").toFile(), plan);
    System.out.printf(
        "made in %.0f s: %s%n", (System.nanoTime() - t0) / 1e9, dir.resolve("plan.json"));
  }
}
