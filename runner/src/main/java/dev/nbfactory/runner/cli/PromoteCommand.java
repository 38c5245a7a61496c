package dev.nbfactory.runner.cli;

import dev.nbfactory.magics.schedule.PromoteOptions;
import dev.nbfactory.magics.schedule.Promotion;
import dev.nbfactory.magics.schedule.ScheduledGrid;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.runner.params.RunnerParameterRules;
import dev.nbfactory.runner.pipeline.Grid;
import dev.nbfactory.runner.pipeline.PipelinePlan;
import dev.nbfactory.runner.pipeline.StageScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code factory promote NOTEBOOK|DIR --cron EXPR ...}: pins a notebook, or a folder of stage
 * notebooks as one pipeline, as a schedule. The options are parsed by {@link PromoteOptions}, as
 * {@code %promote} parses them.
 */
@Command(
    name = "promote",
    description = {
      "Pin a notebook as a schedule: its bytes now, its parameters and policies.",
      "Later edits change nothing until it is promoted again; who promoted it is recorded.",
      "A folder is pinned whole, every stage notebook 'factory pipeline run' would run, and",
      "a firing runs them as that command does.",
      "",
      "factory promote " + PromoteOptions.USAGE,
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
    Promotion promotion = new Promotion(registry, new RunnerParameterRules());
    Promotion.Result result;
    if (Files.isDirectory(notebook)) {
      // Every notebook the pipeline would run, read as 'factory pipeline run' reads them.
      List<Path> notebooks = PipelinePlan.notebooks(List.of(notebook));
      PipelinePlan plan = PipelinePlan.of(notebooks.stream().map(StageScanner::scan).toList());
      checkGrid(options, plan);
      result =
          promotion.promotePipeline(
              notebook,
              notebooks,
              new LinkedHashSet<>(plan.order()),
              options,
              context.user(),
              context.cwd());
    } else {
      result = promotion.promote(notebook, options, context.user(), context.cwd());
    }
    context.out().println(result.describe());
    return 0;
  }

  /** A grid is read now as a firing will read it, so a bad one fails the promotion, not a night. */
  private void checkGrid(PromoteOptions options, PipelinePlan plan) {
    ScheduledGrid pinned = ScheduledGrid.of(options, context.cwd());
    if (pinned == null) {
      return;
    }
    Grid grid =
        Grid.parse(
            pinned.grid(),
            pinned.gridFileText(),
            options.gridFile() == null ? null : options.gridFile());
    for (String key : grid.members().get(0).keySet()) {
      plan.stage(Grid.stageOf(key));
      if (options.from() != null && !plan.fromStage(options.from()).contains(Grid.stageOf(key))) {
        throw new InvalidInputException(
            "the grid sets parameters of stage '"
                + Grid.stageOf(key)
                + "', which --from "
                + options.from()
                + " does not run; drop --from or that --grid");
      }
    }
  }
}
