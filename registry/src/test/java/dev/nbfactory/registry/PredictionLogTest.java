package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.testing.TempRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The prediction log: every acknowledged append is committed, and appends share commits. */
class PredictionLogTest {
  private static final int THREADS = 16;
  private static final int APPENDS_EACH = 400;

  @RegisterExtension TempRegistry temp = new TempRegistry();

  static String servingRun(Registry registry) {
    return registry.startRun(RunStart.builder("serve-churn").kind(RunKind.HEADLESS).build()).id();
  }

  static PredictionRecord production(String id, Instant at, String output) {
    return PredictionRecord.production(
        id, "churn", 3, at, "{\"tenure\":12,\"plan\":\"basic\"}", output, "{\"yes\":0.7}");
  }

  private static Set<String> loggedIds(Registry registry, String model) {
    return registry.predictions().unsealed(model, 1_000_000).stream()
        .map(PredictionRecord::id)
        .collect(Collectors.toSet());
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void concurrentAppendsAreAllCommittedAndShareTransactions() throws Exception {
    Registry registry = temp.get();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    long elapsed;
    long commits;
    try (PredictionLog log = PredictionLog.open(registry, servingRun(registry))) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < APPENDS_EACH; i++) {
                    String id = UUID.randomUUID().toString();
                    log.append(production(id, Instant.now(), i % 2 == 0 ? "yes" : "no"));
                    acknowledged.add(id);
                  }
                  return null;
                }));
      }
      long t0 = System.nanoTime();
      start.countDown();
      for (Future<?> future : futures) {
        future.get();
      }
      elapsed = System.nanoTime() - t0;
      pool.shutdown();
      commits = log.commits();
      assertThat(log.logged()).isEqualTo(THREADS * APPENDS_EACH);
    }
    int appends = THREADS * APPENDS_EACH;
    System.out.printf(
        "PredictionLogTest (%s): %d appends from %d threads in %d ms: %.0f appends/s,"
            + " %d commits (%.1f rows a commit)%n",
        temp.isPostgres() ? "PostgreSQL" : "SQLite",
        appends,
        THREADS,
        TimeUnit.NANOSECONDS.toMillis(elapsed),
        appends * 1e9 / elapsed,
        commits,
        (double) appends / commits);
    assertThat(acknowledged).hasSize(appends);
    assertThat(commits).as("transactions for %d appends", appends).isLessThan(appends);
    // A new handle reads what a restarted server would.
    assertThat(loggedIds(temp.reopen(), "churn")).isEqualTo(acknowledged);
  }

  @Test
  void aRequestsRowsCommitTogetherAndReadBackAsWritten() {
    Registry registry = temp.get();
    Instant at = Instant.parse("2026-03-01T10:00:00.123456Z");
    PredictionRecord production = production("req-1", at, "yes");
    PredictionRecord shadow =
        PredictionRecord.shadow("req-1", "churn", 4, at, production.features(), "no", null);
    try (PredictionLog log = PredictionLog.open(registry, servingRun(registry))) {
      log.appendAll(List.of(production, shadow));
      assertThat(log.commits()).isEqualTo(1);
    }
    assertThat(registry.predictions().unsealed("churn", 10))
        .containsExactlyInAnyOrder(production, shadow);
    assertThat(production.madeAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123Z"));
    assertThat(shadow.id()).isEqualTo("req-1/shadow/churn@4");
    assertThat(shadow.requestId()).isEqualTo("req-1");
  }

  @Test
  void aDuplicateIdFailsItsOwnAppendOnly() {
    Registry registry = temp.get();
    try (PredictionLog log = PredictionLog.open(registry, servingRun(registry))) {
      log.append(production("same", Instant.now(), "yes"));
      assertThatThrownBy(() -> log.append(production("same", Instant.now(), "no")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("prediction 'same' is already in the log; ids must be unique");
      log.append(production("other", Instant.now(), "no"));
      assertThat(log.logged()).isEqualTo(2);
    }
    assertThat(registry.predictions().unsealed("churn", 10))
        .extracting(PredictionRecord::id, PredictionRecord::output)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("same", "yes"),
            org.assertj.core.groups.Tuple.tuple("other", "no"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aFailedCommitFailsEveryWaiterAndAcknowledgesNothing() throws Exception {
    String run = servingRun(temp.get());
    Registry replica = Registry.open(temp.get().location(), Clock.systemUTC());
    PredictionLog log = PredictionLog.open(replica, run);
    // Its database goes away under the log: every later commit fails.
    replica.close();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String id = "lost-" + t;
        futures.add(pool.submit(() -> log.append(production(id, Instant.now(), "yes"))));
      }
      for (Future<?> future : futures) {
        assertThatThrownBy(future::get)
            .cause()
            .isInstanceOf(RegistryException.class)
            .hasMessageStartingWith("prediction 'lost-");
      }
    } finally {
      pool.shutdown();
      log.close();
    }
    assertThat(log.commits()).isZero();
    assertThat(loggedIds(temp.get(), "churn")).isEmpty();
  }

  @Test
  void closeCommitsWhatIsQueuedAndThenRefusesAppends() {
    Registry registry = temp.get();
    PredictionLog log = PredictionLog.open(registry, servingRun(registry), 4, 2);
    for (int i = 0; i < 10; i++) {
      log.append(production("p-" + i, Instant.now(), "yes"));
    }
    log.close();
    log.close();
    assertThatThrownBy(() -> log.append(production("late", Instant.now(), "yes")))
        .isInstanceOf(FactoryException.class)
        .hasMessageEndingWith("is closed");
    assertThat(loggedIds(registry, "churn")).hasSize(10);
  }

  @Test
  void aLogNeedsAnExistingServingRunAndValidRecords() {
    assertThatThrownBy(() -> PredictionLog.open(temp.get(), "no-such-run"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no run 'no-such-run'");
    assertThatThrownBy(() -> production("", Instant.now(), "yes"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("request id is empty");
    assertThatThrownBy(() -> production("x", Instant.now(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("prediction 'x' has no output");
    assertThatThrownBy(
            () ->
                new PredictionRecord(
                    "x",
                    "y",
                    "churn",
                    1,
                    PredictionRecord.Role.PRODUCTION,
                    Instant.now(),
                    null,
                    "yes",
                    null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("a production row's id is its request id");
    assertThatThrownBy(
            () -> PredictionRecord.production("x", "../churn", 1, Instant.now(), null, "a", null))
        .isInstanceOf(InvalidInputException.class);
  }
}
