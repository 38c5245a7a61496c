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
    }
    // the option list is PromoteOptions.OPTION_HELP, shared with %promote (see FactoryCli)
    )
final class PromoteCommand extends RegistryCommand {
  @Parameters(arity = "0..*", paramLabel = "ARGS", hidden = true)
  List<String> args = new ArrayList<>();

  PromoteCommand(CliContext context) {
    super(context);
  }

  @Override
  boolean helpAsked() {
    return PromoteOptions.parse(args).help();
  }

  @Override
  int run(Registry registry) {
    PromoteOptions options = PromoteOptions.parse(args);
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
