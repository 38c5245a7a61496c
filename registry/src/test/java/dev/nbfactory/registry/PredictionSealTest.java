package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sealing the prediction log into {@code MODEL.predictions} and {@code MODEL.feedback} versions:
 * each row once, late rows next time, outcomes only for joined production rows, nothing for
 * nothing. Runs on PostgreSQL too when {@code FACTORY_TEST_POSTGRES} is set, where the second
 * handle stands for another replica sealing at the same time.
 */
class PredictionSealTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** One line per row: the row's id, and for feedback its actual. */
  /** The version each feedback seal was told it builds on, in order. */
  private static final List<String> PREVIOUS =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  private static final SealFormat IDS =
      new SealFormat() {
        @Override
        public Encoded predictions(String model, List<PredictionRecord> rows) {
          return lines(rows.stream().map(PredictionRecord::id).toList());
        }

        @Override
        public Encoded feedback(
            String model, List<JoinedPrediction> rows, Optional<ArtifactVersion> previous) {
          PREVIOUS.add(previous.map(ArtifactVersion::ref).orElse("none"));
          return lines(rows.stream().map(j -> j.prediction().id() + "=" + j.actual()).toList());
        }

        private Encoded lines(List<String> lines) {
          byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
          return new Encoded(
              "text/plain", List.of(new Column("id", "STRING")), out -> out.write(bytes));
        }
      };

  @RegisterExtension TempRegistry temp = new TempRegistry();

  private String run;

  private String run(Registry registry) {
    if (run == null) {
      run = PredictionLogTest.servingRun(registry);
    }
    return run;
  }

  /** A production row and a shadow row for each id, a second apart from {@code from}. */
  private void log(Registry registry, Instant from, String... ids) {
    try (PredictionLog log = PredictionLog.open(registry, run(registry))) {
      for (int i = 0; i < ids.length; i++) {
        Instant at = from.plusSeconds(i);
        PredictionRecord production = PredictionLogTest.production(ids[i], at, "yes");
        log.appendAll(
            List.of(
                production,
                PredictionRecord.shadow(
                    ids[i], "churn", 4, at, production.features(), "no", null)));
      }
    }
  }

  private Seal seal(Registry registry) {
    return registry.predictions().seal(run(registry), "churn", IDS, 100_000);
  }

  private static List<String> rows(Registry registry, ArtifactVersion version) {
    String text = new String(registry.store().read(version.contentHash()), StandardCharsets.UTF_8);
    return Arrays.asList(text.split("\n"));
  }

  @Test
  void aSealTakesEveryWaitingRowOnceAndTheNextTakesNone() {
    Registry registry = temp.get();
    log(registry, T0, "a", "b", "c");

    Seal first = seal(registry);

    assertThat(first.predictionRows()).isEqualTo(6);
    assertThat(first.predictions().ref()).isEqualTo("churn.predictions@1");
    assertThat(first.predictions().kind()).isEqualTo(ArtifactKind.DATASET);
    assertThat(rows(registry, first.predictions()))
        .containsExactly("a", "a/shadow/churn@4", "b", "b/shadow/churn@4", "c", "c/shadow/churn@4");
    assertThat(first.feedback()).isNull();
    assertThat(registry.predictions().unsealed("churn", 100)).isEmpty();
    assertThat(registry.predictions().countUnsealed("churn", 100)).isZero();

    Seal second = seal(registry);
    assertThat(second.isEmpty()).isTrue();
    assertThat(registry.versions("churn.predictions")).hasSize(1);
  }

  @Test
  void aRowThatCommitsLateWithAnEarlierTimeIsSealedNextTime() {
    Registry registry = temp.get();
    log(registry, T0, "a", "b");
    seal(registry);

    log(registry, T0.minusSeconds(3600), "late");
    assertThat(registry.predictions().countUnsealed("churn", 100)).isEqualTo(2);
    Seal next = seal(registry);

    assertThat(next.predictions().version()).isEqualTo(2);
    assertThat(rows(registry, next.predictions())).containsExactly("late", "late/shadow/churn@4");
  }

  @Test
  void feedbackTakesOnlyProductionRowsWithAnOutcomeEachOnce() {
    Registry registry = temp.get();
    log(registry, T0, "a", "b", "c");
    registry.predictions().recordFeedback(List.of(new Outcome("c", "no"), new Outcome("a", "yes")));

    PREVIOUS.clear();
    Seal first = seal(registry);

    assertThat(first.feedbackRows()).isEqualTo(2);
    assertThat(first.feedback().ref()).isEqualTo("churn.feedback@1");
    assertThat(rows(registry, first.feedback())).containsExactlyInAnyOrder("a=yes", "c=no");

    // an outcome for a prediction sealed already goes into the next feedback version
    registry.predictions().recordFeedback(List.of(new Outcome("b", "no"), new Outcome("a", "no")));
    Seal second = seal(registry);
    assertThat(second.predictions()).isNull();
    assertThat(rows(registry, second.feedback())).containsExactly("b=no");
    // each feedback version is built on the newest before it, so it can hold every outcome
    assertThat(PREVIOUS).containsExactly("none", "churn.feedback@1");
    assertThat(seal(registry).isEmpty()).isTrue();
  }

  @Test
  void nothingWaitingWritesNothing() {
    Registry registry = temp.get();
    run(registry);
    List<String> objects = registry.store().list();

    Seal seal = seal(registry);

    assertThat(seal.isEmpty()).isTrue();
    assertThat(seal.rows()).isZero();
    assertThat(registry.artifacts(ArtifactKind.DATASET)).isEmpty();
    assertThat(registry.outputs(run)).isEmpty();
    assertThat(registry.store().list()).isEqualTo(objects);
  }

  @Test
  void sealedVersionsAreOutputsOfTheRunAndTheirLineageReachesTheModel() {
    Registry registry = temp.get();
    for (int v = 1; v <= 3; v++) {
      registry.putOutput(null, "churn", ArtifactKind.MODEL, "x", ("model " + v).getBytes());
    }
    log(registry, T0, "a");
    registry.predictions().recordFeedback(List.of(new Outcome("a", "yes")));

    Seal seal = seal(registry);

    assertThat(registry.outputs(run))
        .extracting(ArtifactVersion::ref)
        .containsExactlyInAnyOrder("churn.predictions@1", "churn.feedback@1");
    // production was churn@3; the shadow's churn@4 is not in this registry
    assertThat(registry.inputs(run)).extracting(ArtifactVersion::ref).containsExactly("churn@3");
    assertThat(registry.upstream(seal.feedback().ref(), 5).versions())
        .extracting(ArtifactVersion::ref)
        .contains("churn@3");
  }

  @Test
  void aFormatThatFailsSealsNothing() {
    Registry registry = temp.get();
    log(registry, T0, "a");
    SealFormat broken =
        new SealFormat() {
          @Override
          public Encoded predictions(String model, List<PredictionRecord> rows) {
            return new Encoded(
                "text/plain",
                List.of(),
                out -> {
                  throw new java.io.IOException("disk full");
                });
          }

          @Override
          public Encoded feedback(
              String model, List<JoinedPrediction> rows, Optional<ArtifactVersion> previous) {
            return predictions(model, List.of());
          }
        };

    assertThatThrownBy(() -> registry.predictions().seal(run, "churn", broken, 10))
        .hasStackTraceContaining("disk full");
    assertThat(registry.predictions().countUnsealed("churn", 10)).isEqualTo(2);
    assertThat(seal(registry).predictionRows()).isEqualTo(2);
  }

  @Test
  void maxRowsSplitsTheLogIntoSeveralVersions() {
    Registry registry = temp.get();
    log(registry, T0, "a", "b", "c");
    Predictions predictions = registry.predictions();

    assertThat(predictions.seal(run, "churn", IDS, 4).predictionRows()).isEqualTo(4);
    assertThat(predictions.seal(run, "churn", IDS, 4).predictionRows()).isEqualTo(2);
    assertThat(predictions.seal(run, "churn", IDS, 4).isEmpty()).isTrue();
  }

  /** Two handles (replicas) seal while rows keep coming: every row lands in exactly one version. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void replicasSealingAtOnceNeverTakeTheSameRow() throws Exception {
    Registry registry = temp.get();
    run(registry);
    List<String> sealed = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean logging = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (Registry replica = Registry.open(registry.location(), Clock.systemUTC())) {
      List<Future<?>> sealers = new ArrayList<>();
      for (Registry handle : List.of(registry, replica)) {
        sealers.add(
            pool.submit(
                () -> {
                  while (logging.get()) {
                    takeAll(handle, sealed);
                  }
                  return null;
                }));
      }
      Future<?> logger =
          pool.submit(
              () -> {
                for (int batch = 0; batch < 40; batch++) {
                  String[] ids = new String[25];
                  for (int i = 0; i < ids.length; i++) {
                    ids[i] = "r" + batch + "-" + i;
                  }
                  log(registry, T0.plusSeconds(batch), ids);
                }
                return null;
              });
      logger.get();
      logging.set(false);
      for (Future<?> sealer : sealers) {
        sealer.get();
      }
      while (registry.predictions().countUnsealed("churn", 1) > 0) {
        takeAll(registry, sealed); // what the last rounds left, 50 rows at a time
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(sealed).hasSize(40 * 25 * 2).doesNotHaveDuplicates();
    assertThat(registry.predictions().countUnsealed("churn", 10)).isZero();
  }

  private void takeAll(Registry handle, List<String> sealed) {
    Seal seal = handle.predictions().seal(run, "churn", IDS, 50);
    if (seal.predictions() != null) {
      sealed.addAll(rows(handle, seal.predictions()));
    }
  }
}
