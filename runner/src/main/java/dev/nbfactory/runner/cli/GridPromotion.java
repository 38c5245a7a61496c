package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Experiments.Experiment;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.runner.pipeline.GridPlan;
import dev.nbfactory.runner.pipeline.GridPlan.Task;
import dev.nbfactory.runner.pipeline.GridRunner;
import dev.nbfactory.runner.pipeline.GridRunner.TaskResult;
import dev.nbfactory.runner.pipeline.PipelinePlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --promote-best METRIC}: the best member's gate stage runs once more, its inputs pinned to
 * that member's versions and its gate not held, so the gate (and only the gate) decides whether the
 * member's model takes the alias from the champion.
 */
final class GridPromotion {
  /** How a notebook's code says it holds the gate. */
  private static final String GATE = "Gate.on(";

  private final CliContext context;
  private final Registry registry;
  private final PipelinePlan plan;
  private final GridStageProcess process;

  GridPromotion(
      CliContext context, Registry registry, PipelinePlan plan, GridStageProcess process) {
    this.context = context;
    this.registry = registry;
    this.plan = plan;
    this.process = process;
  }

  /**
   * Runs the best member's gate; 0 when the gate ran (whatever it decided), 1 when it could not.
   */
  int promote(
      Experiment experiment, GridPlan tasks, Map<Task, TaskResult> results, String metricSpec)
      throws InterruptedException {
    ExperimentRanking.Order order = ExperimentRanking.Order.parse(metricSpec, false);
    List<ExperimentRanking.Row> rows = ExperimentRanking.rows(registry, experiment);
    Optional<ExperimentRanking.Row> best = ExperimentRanking.best(rows, order);
    if (best.isEmpty()) {
      context
          .err()
          .println(
              "factory pipeline: --promote-best: no member that succeeded has the metric '"
                  + order.metric()
                  + "'; nothing promoted. Metrics: "
                  + ExperimentRanking.varyingMetrics(rows, null));
      return 1;
    }
    int member = best.get().member().index() - 1;
    Optional<Task> gate =
        tasks.member(member).values().stream().filter(t -> hasGate(t)).reduce((a, b) -> b);
    if (gate.isEmpty()) {
      context
          .err()
          .println(
              "factory pipeline: --promote-best: no stage of this run holds a gate ("
                  + GATE
                  + "...)); nothing promoted");
      return 1;
    }
    Task task = gate.get();
    Map<String, Integer> pins = new LinkedHashMap<>();
    for (Task dep : task.dependsOn()) {
      pins.putAll(results.get(dep).done().outputs());
    }
    context
        .err()
        .printf(
            "factory pipeline: member %d is best in %s (%s); it goes through the gate of %s%n",
            member + 1,
            order.metric(),
            Format.shortNumber(best.get().metric(order.metric())),
            plan.stage(task.stage()).stage());
    GridRunner.Outcome outcome;
    try {
      outcome =
          process.run(
              task, pins, task.stage() + "-promote", false, Map.of("promote-best", order.metric()));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      context.err().println("factory pipeline: the gate failed: " + e.getMessage());
      return 1;
    }
    if (outcome.exitCode() != 0 || outcome.done() == null) {
      context
          .err()
          .println(
              "factory pipeline: the gate stage "
                  + task.stage()
                  + " failed (exit code "
                  + outcome.exitCode()
                  + "); nothing promoted");
      return 1;
    }
    String run = outcome.done().runId();
    Double promoted =
        registry
            .queries()
            .latestMetrics(List.of(run))
            .getOrDefault(run, Map.of())
            .get("gate.promoted");
    context
        .err()
        .println(
            "factory pipeline: the gate of "
                + task.stage()
                + (promoted != null && promoted == 1
                    ? " promoted member " + (member + 1) + "'s model"
                    : " kept the champion: member " + (member + 1) + " does not beat it")
                + " (run "
                + run.substring(0, 8)
                + ")");
    return 0;
  }

  private static boolean hasGate(Task task) {
    try {
      return Files.readString(task.notebook().path()).contains(GATE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
