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
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code factory serve}: a run of stage {@code serve} (kind SERVING) that records each version
 * it served as an input and as the step metric {@code served_version}, heartbeats while it lives,
 * the model that follows its alias, the prediction log every decision is written to before it is
 * answered, the {@link Sealer} that seals that log into dataset versions, and the HTTP server.
 * {@link #close} stops answering, seals what waits, then ends the run.
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
   */
  public record Options(
      String ref,
      ScoringServer.Settings http,
      boolean noAuth,
      Duration follow,
      String logFeatures,
      String version,
      Duration watch,
      int window) {}

  private final Registry registry;
  private final Run run;
  private final AliasFollower model;
  private final ScoringServer server;
  private final DecisionLog log;
  private final ScheduledExecutorService heartbeat;
  private final LiveWatch watch;
  private volatile Sealer sealer;

  private Serving(
      Registry registry,
      Run run,
      AliasFollower model,
      ScoringServer server,
      DecisionLog log,
      ScheduledExecutorService heartbeat,
      LiveWatch watch) {
    this.registry = registry;
    this.run = run;
    this.model = model;
    this.server = server;
    this.log = log;
    this.heartbeat = heartbeat;
    this.watch = watch;
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
    Serving serving = open(registry, options, err);
    String model = options.ref().substring(0, options.ref().indexOf('@'));
    serving.sealer = Sealer.start(registry, serving.run.id(), model, sealing, err);
    return serving;
  }

  private static Serving open(Registry registry, Options options, PrintWriter err) {
    ScoringServer.Settings http = options.http();
    if (!options.ref().contains("@")) {
      throw new InvalidInputException(
          "serve NAME@ALIAS, such as cancer-model@production: the server follows the alias");
    }
    if (http.token() == null && !options.noAuth() && !isLoopback(http.host())) {
      throw new InvalidInputException(
          "--host "
              + http.host()
              + " is reachable from other machines: give a token (FACTORY_SERVE_TOKEN, sent as"
              + " Authorization: Bearer TOKEN) or say --no-auth");
    }
    registry.resolve(options.ref()); // a bad reference fails before any run opens
    RegistryDecisionLog.Features features =
        RegistryDecisionLog.Features.parse(options.logFeatures());
    Run run =
        registry.startRun(
            RunStart.builder(STAGE)
                .kind(RunKind.SERVING)
                .description("serves " + options.ref())
                .build());
    AtomicLong switches = new AtomicLong();
    AliasFollower model =
        new AliasFollower(
            registry,
            options.ref(),
            served -> {
              registry.logInput(run.id(), served.version().ref());
              registry.logMetric(
                  run.id(),
                  "served_version",
                  served.version().version(),
                  switches.getAndIncrement());
              err.println("factory serve: " + options.ref() + " is " + served.version().ref());
              err.flush();
            },
            problem -> {
              err.println("factory serve: " + problem);
              err.flush();
            });
    model.follow(options.follow());
    ScheduledExecutorService beat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "factory-serve-heartbeat");
              t.setDaemon(true);
              return t;
            });
    beat.scheduleAtFixedRate(() -> registry.heartbeat(run.id()), 5, 5, TimeUnit.SECONDS);
    DecisionLog log = new RegistryDecisionLog(PredictionLog.open(registry, run.id()), features);
    ScoringServer server =
        new ScoringServer(http, model, log, registry.predictions(), options.version());
    try {
      server.start();
    } catch (RuntimeException e) {
      log.close();
      model.close();
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
                () ->
                    List.of(
                        new LiveWatch.Watched(
                            model.current().version(), PredictionRecord.Role.PRODUCTION)),
                problem -> {
                  err.println("factory serve: " + problem);
                  err.flush();
                })
            .every(options.watch());
    return new Serving(registry, run, model, server, log, beat, watch);
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
    if (sealer != null) {
      sealer.close(); // the last seal takes what the log has committed
    }
    model.close();
    heartbeat.shutdownNow();
    registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new InvalidInputException("--host " + host + " is not an address this machine has");
    }
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null && e.getCause() != e) {
      e = e.getCause();
    }
    return e.getMessage();
  }
}
