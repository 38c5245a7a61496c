package dev.nbfactory.web.serve;

import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Seal;
import dev.nbfactory.registry.SealFormat;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Seals a served model's prediction log into {@code MODEL.predictions} and {@code MODEL.feedback}
 * versions, outputs of the serving run: on its own thread once {@code every} decisions wait or
 * {@code interval} has passed since the last seal, and at {@link #close}. A seal holds the
 * registry's write lock only to record the version and mark its rows, so the prediction log's
 * writer waits for it briefly; encoding happens outside.
 */
public final class Sealer implements AutoCloseable {
  /** Rows one version takes at most; a larger backlog becomes several versions. */
  public static final int MAX_ROWS = 100_000;

  /** How often the thread looks at the backlog. */
  private static final Duration TICK = Duration.ofSeconds(1);

  /**
   * When to seal.
   *
   * @param every seal once this many decisions wait
   * @param interval seal at least this often while any wait
   */
  public record Settings(int every, Duration interval) {
    public static final Settings DEFAULT = new Settings(10_000, Duration.ofMinutes(5));

    public Settings {
      if (every < 1) {
        throw new InvalidInputException("--seal-every must be 1 row or more, not " + every);
      }
      if (interval.isNegative() || interval.isZero()) {
        throw new InvalidInputException("--seal-interval must be longer than 0s");
      }
    }
  }

  private final Registry registry;
  private final String runId;
  private final String model;
  private final Settings settings;
  private final SealFormat format;
  private final PrintWriter err;
  private final ScheduledExecutorService thread;
  private long lastSeal = System.nanoTime();

  private Sealer(
      Registry registry,
      String runId,
      String model,
      Settings settings,
      SealFormat format,
      PrintWriter err) {
    this.registry = registry;
    this.runId = runId;
    this.model = model;
    this.settings = settings;
    this.format = format;
    this.err = err;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "factory-serve-sealer");
              t.setDaemon(true);
              // the request threads come first: sealing may lag, answering may not
              t.setPriority(Thread.NORM_PRIORITY - 1);
              return t;
            });
  }

  /** Starts sealing {@code model}'s log periodically under serving run {@code runId}. */
  public static Sealer start(
      Registry registry, String runId, String model, Settings settings, PrintWriter err) {
    Sealer sealer = new Sealer(registry, runId, model, settings, new SealTables(registry), err);
    long tick = Math.min(TICK.toMillis(), settings.interval().toMillis());
    sealer.thread.scheduleWithFixedDelay(sealer::tick, tick, tick, TimeUnit.MILLISECONDS);
    return sealer;
  }

  /**
   * Seals everything of {@code model}'s log that waits now, under run {@code runId}, as versions of
   * at most {@link #MAX_ROWS} rows; returns each seal that wrote something.
   */
  public static List<Seal> sealAll(Registry registry, String runId, String model) {
    return sealAll(registry, runId, model, new SealTables(registry));
  }

  private static List<Seal> sealAll(
      Registry registry, String runId, String model, SealFormat format) {
    List<Seal> seals = new ArrayList<>();
    while (true) {
      Seal seal = registry.predictions().seal(runId, model, format, MAX_ROWS);
      if (!seal.isEmpty()) {
        seals.add(seal);
      }
      if (seal.predictionRows() < MAX_ROWS && seal.feedbackRows() < MAX_ROWS) {
        return seals;
      }
    }
  }

  /** One word per seal, for the server's standard error: what it wrote. */
  public static String describe(Seal seal) {
    List<String> parts = new ArrayList<>();
    if (seal.predictions() != null) {
      parts.add(seal.predictions().ref() + " (" + seal.predictionRows() + " rows)");
    }
    if (seal.feedback() != null) {
      parts.add(seal.feedback().ref() + " (" + seal.feedbackRows() + " rows)");
    }
    return "sealed " + String.join(" and ", parts);
  }

  private void tick() {
    try {
      boolean due = System.nanoTime() - lastSeal >= settings.interval().toNanos();
      if (due
          || registry.predictions().countUnsealed(model, settings.every()) >= settings.every()) {
        sealNow();
      }
    } catch (RuntimeException e) {
      // the next tick tries again; the rows wait in the log meanwhile
      report("could not seal the prediction log: " + e.getMessage());
    }
  }

  private void sealNow() {
    lastSeal = System.nanoTime();
    for (Seal seal : sealAll(registry, runId, model, format)) {
      report(describe(seal));
    }
  }

  private void report(String line) {
    synchronized (err) {
      err.println("factory serve: " + line);
      err.flush();
    }
  }

  /** Stops the periodic seals, then seals what waits: call once the log has committed its rows. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      sealNow();
    } catch (RuntimeException e) {
      report("could not seal the prediction log at shutdown: " + e.getMessage());
    }
  }
}
