package dev.nbfactory.runner.cli;

import dev.nbfactory.magics.codec.TableCodec;
import dev.nbfactory.magics.live.LiveFigures;
import dev.nbfactory.magics.live.LiveMetrics;
import dev.nbfactory.registry.AliasChange;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.Seal;
import dev.nbfactory.web.serve.ScoringServer;
import dev.nbfactory.web.serve.Sealer;
import dev.nbfactory.web.serve.Serving;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * One turn of the feedback loop on the demo's registry, with the product's own parts: the
 * production model served in process ({@link Serving}); held-out tumours from a new scanner sent as
 * requests and their true diagnoses sent back ({@link DemoTraffic}); live accuracy falls; a
 * retraining schedule promoted with {@code --on-metric} fires ({@code factory scheduler --once});
 * the pipeline runs from {@code train} on the original rows plus the sealed outcomes; the gate
 * promotes; the server follows the alias; the next tumours are answered well again.
 */
final class DemoLoop {
  static final String SCHEDULE = "retrain";
  static final String TARGET = "diagnosis";
  static final double THRESHOLD = 0.9;

  private final CliContext context;
  private final Path folder;
  private final Path stages;

  DemoLoop(CliContext context, Path folder, Path stages) {
    this.context = context;
    this.folder = folder;
    this.stages = stages;
  }

  /** Whether a turn already left its outcomes in the registry. */
  static boolean turned(Registry registry) {
    return registry.latest(Seal.feedbackName(DemoCommand.MODEL)).isPresent();
  }

  /** Turns the loop once; returns the exit code. */
  int turn() throws IOException, InterruptedException {
    String condition =
        DemoCommand.MODEL + "@production:" + LiveFigures.ACCURACY + " < " + THRESHOLD;
    try (Registry registry = Registry.open(RegistryLocation.ofFolder(folder), context.clock())) {
      // Turning again (--force): a fresh schedule, not one still cooling down from the last turn.
      if (registry.schedules().find(SCHEDULE).isPresent()) {
        registry.schedules().delete(SCHEDULE, context.user());
      }
    }
    cli(
        "promote",
        stages.toString(),
        "--name",
        SCHEDULE,
        "--on-metric",
        condition,
        "--from",
        "train",
        "--cooldown",
        "1h");
    try (Registry registry = Registry.open(RegistryLocation.ofFolder(folder), context.clock());
        Serving serving = serve(registry)) {
      Table test = TableCodec.read(registry, registry.resolve("cancer-test"));
      int half = test.rowCount() / 2;
      DemoTraffic traffic = new DemoTraffic("http://127.0.0.1:" + serving.port(), TARGET);
      LiveMetrics live = new LiveMetrics(registry, LiveMetrics.DEFAULT_WINDOW);
      ArtifactVersion before = registry.resolve(serving.servedRef());
      say("serving %s in process (run %s)", before.ref(), serving.run().shortId());

      traffic.replay(DemoTraffic.magnified(test.inRange(0, half)));
      LiveFigures fell = live.measure(before, PredictionRecord.Role.PRODUCTION);
      say(
          "%d requests from a new scanner (%.1fx magnification), outcomes sent back: %s",
          half, DemoTraffic.MAGNIFICATION, describe(fell));
      for (Seal seal : Sealer.sealAll(registry, serving.run().id(), DemoCommand.MODEL)) {
        say("%s", Sealer.describe(seal));
      }

      if (fell.accuracy() == null || fell.accuracy() >= THRESHOLD) {
        say(
            "live accuracy holds at or above %.2f: the trigger has nothing to retrain (the model"
                + " learned the new scanner from earlier outcomes)",
            THRESHOLD);
        return 0;
      }
      cli("scheduler", "--once");
      ArtifactVersion after = awaitSwitch(registry, serving, before, Duration.ofSeconds(10));
      if (after == null) {
        say(
            "production is still %s: the trigger did not fire or the gate kept it (see factory"
                + " schedules show %s and factory runs --stage evaluate)",
            before.ref(), SCHEDULE);
        return 1;
      }
      say(
          "the trigger fired, the pipeline ran from train on the original rows plus the outcomes,"
              + " the gate promoted %s, and the server switched %.1f s after the alias moved",
          after.ref(), switchSeconds(registry, serving, after));

      traffic.replay(DemoTraffic.magnified(test.inRange(half, test.rowCount())));
      say(
          "%d more requests from the new scanner: %s",
          test.rowCount() - half, describe(live.measure(after, PredictionRecord.Role.PRODUCTION)));
    }
    return 0;
  }

  private Serving serve(Registry registry) {
    return Serving.start(
        registry,
        new Serving.Options(
            DemoCommand.MODEL + "@production",
            new ScoringServer.Settings("127.0.0.1", 0, null, 5 << 20),
            false,
            Duration.ofMillis(200),
            "all",
            "notebook-factory " + FactoryVersion.version(),
            Duration.ofSeconds(1),
            LiveMetrics.DEFAULT_WINDOW,
            List.of(),
            true),
        context.err());
  }

  /** The version the server answers with once the alias moved; null if it did not in time. */
  private static ArtifactVersion awaitSwitch(
      Registry registry, Serving serving, ArtifactVersion before, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!serving.servedRef().equals(before.ref())) {
        return registry.resolve(serving.servedRef());
      }
      Thread.sleep(50);
    }
    return null;
  }

  /** From the alias's move to the serving run's step of {@code served_version}, as recorded. */
  private static double switchSeconds(Registry registry, Serving serving, ArtifactVersion after) {
    Instant moved =
        registry.aliasHistory(after.name(), "production").stream()
            .filter(c -> Integer.valueOf(after.version()).equals(c.toVersion()))
            .map(AliasChange::changedAt)
            .max(Comparator.naturalOrder())
            .orElseThrow();
    Instant served =
        registry.metrics(serving.run().id()).stream()
            .filter(m -> m.key().equals("served_version") && m.value() == after.version())
            .map(Metric::timestamp)
            .min(Comparator.naturalOrder())
            .orElseThrow();
    return Duration.between(moved, served).toMillis() / 1000.0;
  }

  private static String describe(LiveFigures f) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "live accuracy of %s %.2f over %d outcomes",
            f.model().ref(),
            f.accuracy() == null ? Double.NaN : f.accuracy(),
            f.outcomes()));
    f.psi().entrySet().stream()
        .max(Comparator.comparingDouble(Map.Entry::getValue))
        .ifPresent(
            worst ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        ", largest drift %s (PSI %.2f)",
                        worst.getKey(),
                        worst.getValue())));
    return out.toString();
  }

  /** Runs a factory command on the demo's registry; a failure stops the loop, naming it. */
  private void cli(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--registry";
    all[1] = folder.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = FactoryCli.execute(context, all);
    if (code != 0) {
      throw new FactoryException(
          "the feedback loop stopped: factory " + String.join(" ", args) + " failed");
    }
  }

  private void say(String format, Object... args) {
    context.out().println("  " + String.format(Locale.ROOT, format, args));
    context.out().flush();
  }
}
