package dev.nbfactory.web.serve;

import dev.nbfactory.magics.live.LiveMetrics;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.PredictionLog;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.web.Hosts;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One {@code factory serve}: a run of stage {@code serve} (kind SERVING) that records each version
 * it served as an input and as the step metric {@code served_version}, heartbeats while it lives,
 * the model that follows its alias, the prediction log every decision is written to before it is
 * answered, the {@link Sealer} that seals that log into dataset versions, the {@link LiveWatch} of
 * the versions it answers with, and the HTTP server. Shadow models score every request beside
 * production (a shadow's versions are inputs too, and steps of {@code shadow_version}). {@link
 * #close} stops answering, records the last live figures, seals what waits, then ends the run.
 */
public final class Serving implements AutoCloseable {
  /** The stage every serving run belongs to: {@code factory runs --stage serve}. */
  public static final String STAGE = "serve";

  /**
   * What {@code factory serve} was asked.
   *
   * @param ref the model and alias to follow, such as {@code cancer-model@production}
   * @param follow how often the alias is checked
   * @param logFeatures what the prediction log keeps of the features: all, hash or none
   * @param watch how often the live figures are recorded on the serving run
   * @param window the newest outcomes and decisions the live figures are measured over
   * @param shadows models that score every request beside production, logged and never answered,
   *     each {@code NAME@VERSION} or {@code NAME@ALIAS} (followed as production's alias is)
   * @param decisionLog false for no prediction log at all: nothing to join outcomes to
   */
  public record Options(
      String ref,
      ScoringServer.Settings http,
      boolean noAuth,
      Duration follow,
      String logFeatures,
      String version,
      Duration watch,
      int window,
      List<String> shadows,
      boolean decisionLog) {
    public Options {
      shadows = List.copyOf(shadows);
    }
  }

  private final Registry registry;
  private final Run run;
  private final AliasFollower model;
  private final List<ShadowModel> shadows;
  private final ScoringServer server;
  private final DecisionLog log;
  private final ScheduledExecutorService heartbeat;
  private final LiveWatch watch;
  private final Sealer sealer;

  private Serving(
      Registry registry,
      Run run,
      AliasFollower model,
      List<ShadowModel> shadows,
      ScoringServer server,
      DecisionLog log,
      ScheduledExecutorService heartbeat,
      LiveWatch watch,
      Sealer sealer) {
    this.registry = registry;
    this.run = run;
    this.model = model;
    this.shadows = shadows;
    this.server = server;
    this.log = log;
    this.heartbeat = heartbeat;
    this.watch = watch;
    this.sealer = sealer;
  }

  /**
   * Checks the options, opens the serving run, loads the model and starts answering.
   *
   * @throws InvalidInputException for a bad reference or an address other machines reach without a
   *     token or {@code noAuth}
   */
  public static Serving start(Registry registry, Options options, PrintWriter err) {
    return start(registry, options, Sealer.Settings.DEFAULT, err);
  }

  /** As {@link #start(Registry, Options, PrintWriter)}, sealing the log as {@code sealing} says. */
  public static Serving start(
      Registry registry, Options options, Sealer.Settings sealing, PrintWriter err) {
    ScoringServer.Settings http = options.http();
    if (!options.ref().contains("@")) {
      throw new InvalidInputException(
          "serve NAME@ALIAS, such as cancer-model@production: the server follows the alias");
    }
    if (http.token() == null && !options.noAuth() && !Hosts.isLoopback(http.host())) {
      throw new InvalidInputException(
          "--host "
              + http.host()
              + " is reachable from other machines: give a token (FACTORY_SERVE_TOKEN, sent as"
              + " Authorization: Bearer TOKEN) or say --no-auth");
    }
    if (!options.shadows().isEmpty() && !options.decisionLog()) {
      throw new InvalidInputException(
          "--shadow needs the decision log: a shadow's decisions are only ever logged");
    }
    registry.resolve(options.ref()); // a bad reference fails before any run opens
    options.shadows().forEach(registry::resolve);
    RegistryDecisionLog.Features features =
        RegistryDecisionLog.Features.parse(options.logFeatures());
    Run run =
        registry.startRun(
            RunStart.builder(STAGE)
                .kind(RunKind.SERVING)
                .description("serves " + options.ref())
                .build());
    Consumer<String> warn =
        problem -> {
          err.println("factory serve: " + problem);
          err.flush();
        };
    AliasFollower model =
        follower(registry, run, options.ref(), false, new AtomicLong(), err, warn);
    model.follow(options.follow());
    List<ShadowModel> shadows = new ArrayList<>();
    AtomicLong shadowSwitches = new AtomicLong();
    for (String ref : options.shadows()) {
      AliasFollower shadow = follower(registry, run, ref, true, shadowSwitches, err, warn);
      shadows.add(new ShadowModel(shadow.follow(options.follow()), warn));
    }
    ScheduledExecutorService beat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "factory-serve-heartbeat");
              t.setDaemon(true);
              return t;
            });
    beat.scheduleAtFixedRate(() -> registry.heartbeat(run.id()), 5, 5, TimeUnit.SECONDS);
    DecisionLog log =
        options.decisionLog()
            ? new RegistryDecisionLog(PredictionLog.open(registry, run.id()), features)
            : DecisionLog.NONE;
    ScoringServer server =
        new ScoringServer(http, model, shadows, log, registry.predictions(), options.version());
    try {
      server.start();
    } catch (RuntimeException e) {
      log.close();
      model.close();
      shadows.forEach(ShadowModel::close);
      beat.shutdownNow();
      registry.finishRun(run.id(), RunStatus.FAILED, "cannot listen: " + e.getMessage());
      throw new InvalidInputException(
          "cannot listen on " + http.host() + ":" + http.port() + ": " + rootMessage(e));
    }
    LiveWatch watch =
        new LiveWatch(
                registry,
                run.id(),
                new LiveMetrics(registry, options.window()),
                () -> watched(model, shadows),
                warn)
            .every(options.watch());
    String name = options.ref().substring(0, options.ref().indexOf('@'));
    Sealer sealer = Sealer.start(registry, run.id(), name, sealing, err);
    return new Serving(registry, run, model, shadows, server, log, beat, watch, sealer);
  }

  /** The versions answering now: production's, then each shadow's. */
  private static List<LiveWatch.Watched> watched(AliasFollower model, List<ShadowModel> shadows) {
    List<LiveWatch.Watched> out = new ArrayList<>();
    out.add(new LiveWatch.Watched(model.current().version(), PredictionRecord.Role.PRODUCTION));
    for (ShadowModel shadow : shadows) {
      out.add(new LiveWatch.Watched(shadow.current().version(), PredictionRecord.Role.SHADOW));
    }
    return out;
  }

  /**
   * Follows {@code ref}; each version it loads is an input of the run and a step of the metric
   * {@code served_version}, or {@code shadow_version} for a shadow.
   */
  private static AliasFollower follower(
      Registry registry,
      Run run,
      String ref,
      boolean shadow,
      AtomicLong steps,
      PrintWriter err,
      Consumer<String> warn) {
    return new AliasFollower(
        registry,
        ref,
        loaded -> {
          registry.logInput(run.id(), loaded.version().ref());
          registry.logMetric(
              run.id(),
              shadow ? "shadow_version" : "served_version",
              loaded.version().version(),
              steps.getAndIncrement());
          err.println(
              "factory serve: "
                  + (shadow ? "shadow " : "")
                  + ref
                  + " is "
                  + loaded.version().ref());
          err.flush();
        },
        warn);
  }

  public Run run() {
    return run;
  }

  public int port() {
    return server.port();
  }

  /** The version answering now. */
  public String servedRef() {
    return model.current().version().ref();
  }

  @Override
  public void close() {
    server.close(); // no new decisions, then every one acknowledged is already durable
    log.close();
    watch.close();
    watch.record(); // the figures as they stand when it stops
    sealer.close(); // the last seal takes what the log has committed
    model.close();
    shadows.forEach(ShadowModel::close);
    heartbeat.shutdownNow();
    registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    return e.getMessage();
  }
}
