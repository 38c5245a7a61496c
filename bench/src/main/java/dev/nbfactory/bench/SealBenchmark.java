package dev.nbfactory.bench;

import dev.nbfactory.registry.Outcome;
import dev.nbfactory.registry.PredictionLog;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.Seal;
import dev.nbfactory.web.serve.Sealer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seal-to-registry time of the prediction log: {@code ROWS} logged decisions (30 numeric features
 * as JSON, two label scores, as {@code factory serve --log-features all} logs the cancer model's),
 * a tenth of them with an outcome, sealed by the server's {@link Sealer} into {@code
 * NAME.predictions} and {@code NAME.feedback} table versions on an embedded SQLite registry. A
 * timed process, not JMH: one seal takes a second or so; each round logs a fresh backlog outside
 * the clock. Usage: {@code SealBenchmark [ROUNDS=5] [ROWS=100000]}.
 */
public final class SealBenchmark {
  private static final int FEATURES = 30;

  private SealBenchmark() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    Path dir = BenchFiles.freshDir("seal-");
    System.out.printf(
        Locale.ROOT,
        "seal %d decisions (%d features), %d with outcomes; %d timed rounds after 1 warm-up; in %s%n",
        rows,
        FEATURES,
        rows / 10,
        rounds,
        dir);
    long[] nanos = new long[rounds];
    try (Registry registry =
        Registry.open(RegistryLocation.ofFolder(dir.resolve(".factory")), Clock.systemUTC())) {
      String run = registry.startRun(RunStart.builder("serve").kind(RunKind.SERVING).build()).id();
      Random random = new Random(42);
      for (int round = 0; round <= rounds; round++) {
        log(registry, run, round, rows, random);
        long t0 = System.nanoTime();
        List<Seal> seals = Sealer.sealAll(registry, run, "bench-model");
        long t1 = System.nanoTime();
        Seal seal = seals.get(0);
        System.out.printf(
            Locale.ROOT,
            "round %d: %.0f ms (%d + %d rows, %s %d bytes, %s %d bytes)%n",
            round,
            (t1 - t0) / 1e6,
            seal.predictionRows(),
            seal.feedbackRows(),
            seal.predictions().ref(),
            seal.predictions().size(),
            seal.feedback().ref(),
            seal.feedback().size());
        if (round > 0) {
          nanos[round - 1] = t1 - t0;
        }
      }
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "median seal of %d decisions: %.0f ms (min %.0f ms)%n",
        rows,
        nanos[rounds / 2] / 1e6,
        nanos[0] / 1e6);
  }

  /**
   * Logs {@code rows} decisions through the server's group-committed log, a tenth with outcomes.
   */
  private static void log(Registry registry, String run, int round, int rows, Random random) {
    Instant t0 = Instant.now();
    List<Outcome> outcomes = new ArrayList<>();
    try (PredictionLog log = PredictionLog.open(registry, run)) {
      List<PredictionRecord> batch = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        StringBuilder features = new StringBuilder("{");
        for (int f = 0; f < FEATURES; f++) {
          features
              .append(f == 0 ? "\"" : ",\"")
              .append("feature_")
              .append(f)
              .append("\":")
              .append(Math.round(random.nextDouble() * 1e4) / 1e2);
        }
        features.append('}');
        double p = random.nextDouble();
        String id = "r" + round + "-" + i;
        batch.add(
            PredictionRecord.production(
                id,
                "bench-model",
                1,
                t0.plusMillis(i),
                features.toString(),
                p > 0.5 ? "malignant" : "benign",
                "{\"benign\":" + (1 - p) + ",\"malignant\":" + p + "}"));
        if (i % 10 == 0) {
          outcomes.add(new Outcome(id, p > 0.4 ? "malignant" : "benign"));
        }
        if (batch.size() == 1_000) {
          log.appendAll(batch);
          batch.clear();
        }
      }
      log.appendAll(batch);
    }
    registry.predictions().recordFeedback(outcomes);
  }
}
