package dev.nbfactory.web.serve;

import dev.nbfactory.magics.live.LiveFigures;
import dev.nbfactory.magics.live.LiveMetrics;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches the versions a server answers with: every interval, their {@link LiveFigures} are
 * recorded as step metrics of the serving run (production's keys plain, a shadow's prefixed), so
 * {@code factory runs --stage serve --plot live_accuracy} draws them and the scheduler's metric
 * triggers read the same figures. A problem is said once and the watch goes on.
 */
final class LiveWatch implements AutoCloseable {
  /** A version the server answers with, and in which role. */
  record Watched(ArtifactVersion version, PredictionRecord.Role role) {}

  private final Registry registry;
  private final String runId;
  private final LiveMetrics metrics;
  private final Supplier<List<Watched>> watched;
  private final Consumer<String> warn;
  private final Set<String> said = new HashSet<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "factory-serve-watch");
            t.setDaemon(true);
            return t;
          });
  private long step;

  LiveWatch(
      Registry registry,
      String runId,
      LiveMetrics metrics,
      Supplier<List<Watched>> watched,
      Consumer<String> warn) {
    this.registry = registry;
    this.runId = runId;
    this.metrics = metrics;
    this.watched = watched;
    this.warn = warn;
  }

  /** Starts recording every {@code interval}. */
  LiveWatch every(Duration interval) {
    timer.scheduleWithFixedDelay(
        this::record, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Measures every watched version and records its figures as one step; never throws. */
  synchronized void record() {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Watched w : watched.get()) {
      try {
        LiveFigures figures = metrics.measure(w.version(), w.role());
        values.putAll(figures.metrics());
        if (figures.note() != null) {
          sayOnce(figures.note());
        }
      } catch (FactoryException | UncheckedIOException | IllegalArgumentException e) {
        sayOnce("cannot measure " + w.version().ref() + ": " + e.getMessage());
      }
    }
    if (values.isEmpty()) {
      return;
    }
    try {
      registry.logMetrics(runId, values, step++);
    } catch (FactoryException e) {
      sayOnce("cannot record the live figures: " + e.getMessage());
    }
  }

  private void sayOnce(String problem) {
    if (said.add(problem)) {
      warn.accept(problem);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
