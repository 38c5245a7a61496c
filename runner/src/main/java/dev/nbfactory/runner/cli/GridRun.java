package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Experiments;
import dev.nbfactory.registry.FiringTakenException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.runner.execute.ExitCode;
import dev.nbfactory.runner.execute.RunContract;
import dev.nbfactory.runner.params.ParameterTranslator;
import dev.nbfactory.runner.pipeline.Grid;
import dev.nbfactory.runner.pipeline.GridPlan;
import dev.nbfactory.runner.pipeline.GridPlan.Task;
import dev.nbfactory.runner.pipeline.GridRunner;
import dev.nbfactory.runner.pipeline.GridRunner.TaskResult;
import dev.nbfactory.runner.pipeline.PipelinePlan;
import dev.nbfactory.runner.pipeline.RegistryUpToDate;
import dev.nbfactory.runner.pipeline.StageResult.State;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code factory pipeline run DIR --grid ...}: the pipeline once per member of a grid, as one
 * experiment recorded in the registry; see {@link GridPlan} for which stage runs are shared and
 * {@link GridRunner} for how they run. The pipeline's own run holds every stage run, as a plain
 * pipeline run does.
 */
final class GridRun {
  /** How many of a stage's latest successful runs are searched for an up-to-date one. */
  private static final int HISTORY = 200;

  private final CliContext context;
  private final Registry registry;
  private final GridOptions options;
  private final PipelinePlan plan;
  private final Set<String> selected;
  private final Map<String, Map<String, String>> given;
  private final Path out;

  GridRun(
      CliContext context,
      Registry registry,
      GridOptions options,
      PipelinePlan plan,
      Set<String> selected,
      Map<String, Map<String, String>> given,
      Path out) {
    this.context = context;
    this.registry = registry;
    this.options = options;
    this.plan = plan;
    this.selected = selected;
    this.given = given;
    this.out = out;
  }

  int run(String pipeline, int jobs, boolean force) throws InterruptedException {
    Grid grid = options.read(context.cwd());
    List<Map<String, Map<String, String>>> members = new ArrayList<>();
    for (int m = 0; m < grid.members().size(); m++) {
      members.add(member(grid, m));
    }
    GridPlan tasks =
        GridPlan.of(
            plan,
            selected,
            members,
            (notebook, text) -> PipelineCommand.effective(notebook, text, context.env()));
    String experiment = options.experiment != null ? options.experiment : pipeline + "-grid";
    RunContract contract = RunContract.fromEnvironment(context.env());
    Run own;
    try {
      own =
          registry.startRun(
              PipelineFiring.apply(
                      contract,
                      RunStart.builder(pipeline)
                          .kind(RunKind.PIPELINE)
                          .description(
                              "experiment "
                                  + experiment
                                  + ": "
                                  + members.size()
                                  + " members, "
                                  + tasks.tasks().size()
                                  + " stage runs"))
                  .build());
    } catch (FiringTakenException e) {
      context.err().println("factory pipeline: " + e.getMessage() + "; not run again");
      return ExitCode.FIRING_TAKEN.code();
    }
    registry.setRunTag(own.id(), "experiment", experiment);
    Experiments experiments = registry.experiments();
    experiments.start(experiment, pipeline, grid.json(), own.id(), grid.members(), context.user());
    GridStageProcess process =
        new GridStageProcess(context, registry, experiment, own.id(), out, members.size());
    RegistryUpToDate upToDate = new RegistryUpToDate(registry, s -> Map.of());
    context
        .err()
        .printf(
            "factory pipeline: experiment %s, %d members, %d stage runs (%d shared), %d at a time%n",
            experiment,
            members.size(),
            tasks.tasks().size(),
            tasks.tasks().stream().filter(Task::shared).count(),
            jobs);
    RunStatus status = RunStatus.FAILED;
    String error = "the grid stopped";
    int failedMembers = members.size();
    PipelineFiring firing = PipelineFiring.started(contract, registry, own.id());
    // A grid stopped by a signal says so, as a pipeline does; its stages' children are stopped by
    // ChildRun.
    Thread onSignal =
        new Thread(
            () -> {
              try {
                registry.finishRun(own.id(), RunStatus.KILLED, "the grid was stopped by a signal");
              } catch (RuntimeException e) {
                // already finished, or the registry is gone with this JVM
              }
            },
            "factory-grid-sigterm");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      Map<Task, TaskResult> results =
          new GridRunner(
                  tasks,
                  jobs,
                  force,
                  process::run,
                  (task, pins) ->
                      upToDate
                          .match(
                              task.notebook(),
                              PipelineCommand.effective(
                                  task.notebook(), task.given(), context.env()),
                              pins,
                              HISTORY)
                          .map(r -> done(r)),
                  line -> context.err().println("factory pipeline: " + line))
              .run();
      failedMembers = finishMembers(experiments, experiment, tasks, results);
      int promoted = 0;
      if (options.promoteBest != null && failedMembers < members.size()) {
        promoted =
            new GridPromotion(context, registry, plan, process)
                .promote(experiments.get(experiment), tasks, results, options.promoteBest);
      }
      status = failedMembers == 0 && promoted == 0 ? RunStatus.SUCCEEDED : RunStatus.FAILED;
      error =
          status == RunStatus.SUCCEEDED
              ? null
              : failedMembers + " of " + members.size() + " members failed";
      long ran = count(results, State.SUCCEEDED);
      context
          .err()
          .printf(
              "factory pipeline: %d ran, %d up to date, %d failed, %d not run; %d of %d members"
                  + " done; see 'factory experiments show %s'%n",
              ran,
              count(results, State.SKIPPED),
              count(results, State.FAILED),
              count(results, State.BLOCKED),
              members.size() - failedMembers,
              members.size(),
              experiment);
      return status == RunStatus.SUCCEEDED ? 0 : ErrorReporter.FAILED;
    } catch (InterruptedException e) {
      status = RunStatus.KILLED;
      error = "the grid was interrupted";
      throw e;
    } finally {
      firing.close();
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
        registry.finishRun(own.id(), status, error);
      } catch (IllegalStateException e) {
        // shutting down: the hook finishes the run
      }
    }
  }

  private static GridRunner.Done done(dev.nbfactory.registry.RunRecord record) {
    Map<String, Integer> outputs = new LinkedHashMap<>();
    record.outputs().forEach(v -> outputs.put(v.name(), v.version()));
    return new GridRunner.Done(record.run().id(), outputs);
  }

  private static long count(Map<Task, TaskResult> results, State state) {
    return results.values().stream().filter(r -> r.result().state() == state).count();
  }

  /** Member {@code m}'s parameters: those of {@code -p}, and the grid's. */
  private Map<String, Map<String, String>> member(Grid grid, int m) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    given.forEach((stage, values) -> out.put(stage, new LinkedHashMap<>(values)));
    grid.byStage(m)
        .forEach(
            (stage, values) -> {
              plan.stage(stage);
              if (selected != null && !selected.contains(stage)) {
                throw new InvalidInputException(
                    "the grid sets parameters of stage '"
                        + stage
                        + "', which this run does not run; drop --only/--from or that --grid");
              }
              values.forEach(
                  (name, value) -> {
                    ParameterTranslator.checkName(name);
                    if (out.getOrDefault(stage, Map.of()).containsKey(name)) {
                      throw new InvalidInputException(
                          stage + "." + name + " is in -p and in the grid; give it in one place");
                    }
                    out.computeIfAbsent(stage, s -> new LinkedHashMap<>()).put(name, value);
                  });
            });
    return out;
  }

  /** Records each member's runs and status; returns how many failed. */
  private static int finishMembers(
      Experiments experiments, String name, GridPlan tasks, Map<Task, TaskResult> results) {
    int failed = 0;
    for (int m = 0; m < tasks.memberCount(); m++) {
      Map<String, String> runs = new LinkedHashMap<>();
      boolean ok = true;
      for (TaskResult r : GridRunner.ofMember(tasks, results, m)) {
        if (r.done() != null) {
          runs.put(r.task().stage(), r.done().runId());
        }
        ok &= r.ok();
      }
      experiments.finishMember(name, m + 1, ok ? "SUCCEEDED" : "FAILED", runs);
      failed += ok ? 0 : 1;
    }
    return failed;
  }
}
