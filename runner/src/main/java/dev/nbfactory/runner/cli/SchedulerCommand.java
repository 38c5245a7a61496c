package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.runner.schedule.SchedulerNode;
import dev.nbfactory.runner.schedule.SchedulerSettings;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code factory scheduler [--once]}: fires the registry's schedules, each run a child {@code
 * factory run}. On SIGTERM it fires nothing new, gives running children a grace period, then stops
 * them and marks their runs KILLED.
 */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = {
      "Fire the registry's schedules with Quartz; each run is a child 'factory run' of the pinned",
      "notebook. A SQLite registry has one scheduler (a lock file says which); on a PostgreSQL",
      "registry several schedulers form a cluster: each firing runs once, and a node that dies",
      "mid-run has its run marked LOST and run again by another node.",
      "Runs that stop heartbeating (3 heartbeats, 15 s) are marked LOST."
    })
final class SchedulerCommand extends RegistryCommand {
  @Option(
      names = "--once",
      description = "Run what is due now (catch-up by misfire policy), wait for it, and exit.")
  boolean once;

  @Option(
      names = "--grace",
      defaultValue = "30s",
      paramLabel = "D",
      description = "After SIGTERM, how long running runs may go on (default ${DEFAULT-VALUE}).")
  String grace;

  @Option(
      names = "--threads",
      defaultValue = "16",
      paramLabel = "N",
      description = "Firings that may run at once on this node (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--tolerance",
      defaultValue = "5s",
      paramLabel = "D",
      description = "How late a firing may start and still be on time, not missed (default 5s).")
  String tolerance;

  @Option(
      names = "--poll",
      defaultValue = "5s",
      paramLabel = "D",
      description = "How often schedule changes and --on-new artifacts are checked (default 5s).")
  String poll;

  @Option(
      names = "--checkin-interval",
      defaultValue = "7500ms",
      paramLabel = "D",
      description =
          "PostgreSQL clusters: how often a node checks in; a node silent for this plus 7.5 s is"
              + " dead and its jobs recovered (default 7500ms).")
  String checkin;

  SchedulerCommand(CliContext context) {
    super(context);
  }

  /** The settings a node or a manual trigger runs with, from the options and the environment. */
  static SchedulerSettings settings(CliContext context, SchedulerCommand options) {
    return new SchedulerSettings(
        SchedulerSettings.thisJava(),
        context.env(),
        context.cwd(),
        SchedulerSettings.heartbeat(context.env()),
        options == null ? Duration.ofSeconds(30) : Durations.parse(options.grace),
        options == null ? Duration.ofSeconds(5) : Durations.parse(options.tolerance),
        options == null ? Duration.ofSeconds(5) : Durations.parse(options.poll),
        options == null ? Duration.ofMillis(7500) : Durations.parse(options.checkin),
        options == null ? 1 : options.threads);
  }

  @Override
  void validate() {
    if (threads < 1 || threads > 1000) {
      throw usageError("--threads must be 1 to 1000, not " + threads);
    }
    String[][] durations = {
      {"--grace", grace},
      {"--tolerance", tolerance},
      {"--poll", poll},
      {"--checkin-interval", checkin}
    };
    for (String[] d : durations) {
      try {
        Durations.parse(d[1]);
      } catch (dev.nbfactory.registry.InvalidInputException e) {
        throw usageError(d[0] + ": " + e.getMessage()); // a command-line mistake: exit code 2
      }
    }
  }

  @Override
  int run(Registry registry) throws Exception {
    SchedulerSettings settings = settings(context, this);
    try (SchedulerNode node = new SchedulerNode(registry, settings, context.err())) {
      if (once) {
        node.runOnce();
        return 0;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Thread onSignal =
          new Thread(
              () -> {
                try {
                  node.shutdown(settings.grace());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  stopped.countDown();
                }
              },
              "factory-scheduler-sigterm");
      Runtime.getRuntime().addShutdownHook(onSignal);
      node.start();
      stopped.await();
      return 0;
    }
  }
}
