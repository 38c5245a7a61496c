package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.web.serve.ScoringServer;
import dev.nbfactory.web.serve.Sealer;
import dev.nbfactory.web.serve.Serving;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory serve NAME@ALIAS}: the model an alias points at, behind MLflow's protocol. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Serve a model over HTTP with MLflow's scoring protocol (POST /invocations, GET /ping,"
            + " /health, /version), following its alias: when the alias moves (the gate,"
            + " 'factory alias set', another machine), the new version answers within a couple of"
            + " seconds, with no failed request. Every decision is logged before it is answered,"
            + " outcomes come back to POST /feedback, the log is sealed into NAME.predictions and"
            + " NAME.feedback, and live accuracy and drift are recorded on the run. Runs until"
            + " stopped (Ctrl-C, SIGTERM) as a run of stage 'serve'.")
final class ServeCommand extends RegistryCommand {
  @Parameters(
      index = "0",
      paramLabel = "NAME@ALIAS",
      description = "Such as cancer-model@production.")
  private String ref;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Default ${DEFAULT-VALUE}; 0 for any free port.")
  private int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "The address to listen on (default ${DEFAULT-VALUE}). Any other than loopback needs a"
              + " token (FACTORY_SERVE_TOKEN) or --no-auth.")
  private String host;

  @Option(names = "--no-auth", description = "Answer without a token on a non-loopback address.")
  private boolean noAuth;

  @Option(
      names = "--max-body",
      paramLabel = "BYTES",
      defaultValue = "5242880",
      description =
          "The largest request body, in bytes (default ${DEFAULT-VALUE}); larger is a 413.")
  private long maxBody;

  @Option(
      names = "--follow-every",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = Converters.Grace.class,
      description = "How often the alias is checked (default ${DEFAULT-VALUE}).")
  private Duration followEvery;

  @Option(
      names = "--log-features",
      paramLabel = "all|hash|none",
      defaultValue = "all",
      description =
          "What the prediction log keeps of each row's features: all of them (JSON, the default),"
              + " their SHA-256, or none. The log is in the registry.")
  private String logFeatures;

  @Option(
      names = "--watch-every",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Converters.Grace.class,
      description =
          "How often the live figures (live_accuracy or live_rmse, class_share.LABEL, psi.FEATURE,"
              + " null_share.FEATURE) are recorded as step metrics of the serving run (default"
              + " ${DEFAULT-VALUE}).")
  private Duration watchEvery;

  @Option(
      names = "--window",
      paramLabel = "ROWS",
      defaultValue = "500",
      description =
          "The newest outcomes, and decisions, the live figures are measured over (default"
              + " ${DEFAULT-VALUE}).")
  private int window;

  @Option(
      names = "--seal-every",
      paramLabel = "ROWS",
      defaultValue = "10000",
      description =
          "Seal the prediction log into NAME.predictions and NAME.feedback dataset versions once"
              + " this many decisions wait (default ${DEFAULT-VALUE}); it is sealed at shutdown too.")
  private int sealEvery;

  @Option(
      names = "--seal-interval",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = Converters.Grace.class,
      description = "Seal at least this often while decisions wait (default ${DEFAULT-VALUE}).")
  private Duration sealInterval;

  @Option(
      names = "--shadow",
      paramLabel = "NAME@VERSION_OR_ALIAS",
      description =
          "A model that scores every request beside the served one: its decisions are logged"
              + " (role shadow, joined to the same outcomes) and never answered. An alias is"
              + " followed. Repeatable.")
  private List<String> shadows = new ArrayList<>();

  @Option(
      names = "--no-decision-log",
      description =
          "Answers are not logged, so feedback cannot join them: for measuring the log's cost"
              + " and for stateless serving.")
  private boolean noDecisionLog;

  ServeCommand(CliContext context) {
    super(context);
  }

  @Override
  void validate() {
    if (port < 0 || port > 65535) {
      throw usageError("--port must be 0 to 65535, not " + port);
    }
    if (maxBody < 1) {
      throw usageError("--max-body must be 1 byte or more");
    }
    if (followEvery.isZero() || watchEvery.isZero()) {
      throw usageError("--follow-every and --watch-every must be longer than 0s");
    }
    if (window < 1) {
      throw usageError("--window must be 1 row or more");
    }
    if (sealEvery < 1) {
      throw usageError("--seal-every must be 1 row or more");
    }
    if (sealInterval.isZero()) {
      throw usageError("--seal-interval must be longer than 0s");
    }
    if (noDecisionLog && !shadows.isEmpty()) {
      throw usageError("--shadow needs the decision log: a shadow's decisions are only logged");
    }
  }

  @Override
  int run(Registry registry) throws InterruptedException {
    String token = context.env().get("FACTORY_SERVE_TOKEN");
    Serving serving =
        Serving.start(
            registry,
            new Serving.Options(
                ref,
                new ScoringServer.Settings(
                    host, port, token == null || token.isBlank() ? null : token, maxBody),
                noAuth,
                followEvery,
                logFeatures,
                "notebook-factory " + FactoryVersion.version(),
                watchEvery,
                window,
                shadows,
                !noDecisionLog),
            new Sealer.Settings(sealEvery, sealInterval),
            context.err());
    CountDownLatch stopped = new CountDownLatch(1);
    Thread onSignal =
        new Thread(
            () -> {
              serving.close();
              stopped.countDown();
            },
            "factory-serve-stop");
    Runtime.getRuntime().addShutdownHook(onSignal);
    context
        .out()
        .println(
            "serving "
                + serving.servedRef()
                + " as "
                + ref
                + " at http://"
                + host
                + ":"
                + serving.port()
                + "/invocations (run "
                + serving.run().shortId()
                + "); Ctrl-C stops");
    context.out().flush();
    stopped.await();
    return 0;
  }
}
