package dev.nbfactory.web.serve;

import dev.nbfactory.magics.codec.ModelCodec;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.Registry;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Keeps the served model the version an alias points at: the registry is asked every {@code
 * interval}, and a moved alias (the gate, {@code factory alias set}, another machine on a shared
 * registry) loads the new version beside the old one, then swaps it in with one atomic write, so no
 * request fails or waits for the load. A version that cannot be loaded leaves the old one serving,
 * and is said once.
 */
final class AliasFollower implements AutoCloseable {
  private final Registry registry;
  private final String ref;
  private final AtomicReference<ServedModel> current = new AtomicReference<>();
  private final Consumer<ServedModel> switched;
  private final Consumer<String> warn;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "factory-serve-alias");
            t.setDaemon(true);
            return t;
          });
  private volatile String lastProblem;

  /**
   * Loads what {@code ref} ({@code NAME@ALIAS}) points at now; throws if it cannot.
   *
   * @param switched told of each version served, the first included
   */
  AliasFollower(
      Registry registry, String ref, Consumer<ServedModel> switched, Consumer<String> warn) {
    this.registry = registry;
    this.ref = ref;
    this.switched = switched;
    this.warn = warn;
    ServedModel first = load(registry.resolve(ref));
    current.set(first);
    switched.accept(first);
  }

  /** Starts asking the registry every {@code interval}. */
  AliasFollower follow(Duration interval) {
    timer.scheduleWithFixedDelay(
        this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  ServedModel current() {
    return current.get();
  }

  /** Loads the alias's version if it moved; never throws (the old version keeps serving). */
  void check() {
    try {
      ArtifactVersion now = registry.resolve(ref);
      if (now.id() != current.get().version().id()) {
        ServedModel next = load(now);
        current.set(next);
        lastProblem = null;
        switched.accept(next);
      }
    } catch (FactoryException | UncheckedIOException e) {
      String problem = e.getMessage();
      if (!problem.equals(lastProblem)) {
        warn.accept(
            "cannot follow "
                + ref
                + ": "
                + problem
                + "; "
                + current.get().version().ref()
                + " serves on");
        lastProblem = problem;
      }
    }
  }

  private ServedModel load(ArtifactVersion version) {
    return new ServedModel(version, ModelCodec.read(registry, version));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
