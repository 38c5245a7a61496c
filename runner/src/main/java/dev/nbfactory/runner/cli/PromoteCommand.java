package dev.nbfactory.runner.cli;

import dev.nbfactory.magics.schedule.PromoteOptions;
import dev.nbfactory.magics.schedule.Promotion;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.runner.params.RunnerParameterRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code factory promote NOTEBOOK --cron EXPR ...}: pins a notebook as a schedule. The options are
 * parsed by {@link PromoteOptions}, as {@code %promote} parses them.
 */
@Command(
    name = "promote",
    description = {
      "Pin a notebook as a schedule: its bytes now, its parameters and policies.",
      "Later edits change nothing until it is promoted again; who promoted it is recorded.",
      "",
      "factory promote NOTEBOOK " + PromoteOptions.USAGE,
      ""
    },
    footer = {
      "",
      "Options:",
      "  --cron EXPR          when to run: 5-field Unix cron ('0 6 * * *'), @daily..., or Quartz",
      "                       6-7 fields with seconds first ('*/1 * * * * ?')",
      "  --on-new ARTIFACT    run on each new version of an artifact (instead of or with --cron)",
      "  --on-new-file GLOB   run on each new or changed file matching a glob ('data/in/*.csv',",
      "                       relative to the working directory); files there now fire nothing",
      "  --name N             the schedule's name (default: the notebook's file name)",
      "  --timezone TZ        the cron's time zone, such as Europe/Berlin (default UTC)",
      "  -p NAME VALUE        a parameter, typed as factory run types it (repeatable); the",
      "                       notebook's parameters cell must declare it",
      "  --misfire POLICY     firings missed while no scheduler ran: skip (default), once, all",
      "  --concurrency POLICY a firing while the last run goes on: forbid (default), allow, replace",
      "  --retries N          attempts after a failed one (default 0)",
      "  --retry-delay D      wait before the first retry, doubled each time (default 30s)",
      "  --timeout D          kill a run that takes longer and mark it TIMED_OUT",
      "  --on-failure COMMAND shell command after the last failed attempt; its environment has",
      "                       FACTORY_RUN_ID, FACTORY_RUN_STATUS, FACTORY_SCHEDULE, FACTORY_RUN_ERROR"
    })
final class PromoteCommand extends RegistryCommand {
  @Parameters(arity = "0..*", paramLabel = "ARGS", hidden = true)
  List<String> args = new ArrayList<>();

  PromoteCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    PromoteOptions options = PromoteOptions.parse(args);
    if (options.help()) {
      spec.commandLine().usage(context.out());
      return 0;
    }
    if (options.notebook() == null) {
      throw new InvalidInputException("give the notebook to promote: factory promote NOTEBOOK ...");
    }
    Path notebook = context.cwd().resolve(options.notebook());
    Promotion.Result result =
        new Promotion(registry, new RunnerParameterRules())
            .promote(notebook, options, context.user(), context.cwd());
    context.out().println(result.describe());
    return 0;
  }
}
