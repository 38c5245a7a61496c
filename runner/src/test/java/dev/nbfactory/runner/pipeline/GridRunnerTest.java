package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.runner.pipeline.GridPlan.Task;
import dev.nbfactory.runner.pipeline.GridRunner.TaskResult;
import dev.nbfactory.runner.pipeline.StageResult.State;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A grid's stage runs without processes: shared stages once, members' stages each with its own
 * inputs, failures blocking only what reads from them.
 */
class GridRunnerTest {
  private static StageNotebook stage(String name, Set<String> reads, Set<String> writes) {
    return new StageNotebook(Path.of(name + ".ipynb"), name, reads, Set.of(), writes, Set.of());
  }

  /** ingest → features → train → evaluate, evaluate reading features' test set too. */
  private static final PipelinePlan PLAN =
      PipelinePlan.of(
          List.of(
              stage("ingest", Set.of(), Set.of("clean")),
              stage("features", Set.of("clean"), Set.of("train-set", "test-set")),
              stage("train", Set.of("train-set"), Set.of("model")),
              stage("evaluate", Set.of("model", "test-set"), Set.of("gate"))));

  private static List<Map<String, Map<String, String>>> twoByThree() {
    Grid grid =
        Grid.parse(List.of("train.algorithm=logistic,cart", "train.epochs=10,20,40"), null, null);
    List<Map<String, Map<String, String>>> members = new ArrayList<>();
    for (int m = 0; m < grid.members().size(); m++) {
      members.add(grid.byStage(m));
    }
    return members;
  }

  private static GridPlan plan() {
    return GridPlan.of(PLAN, null, twoByThree(), (notebook, given) -> given);
  }

  /** A launcher that writes version N+1 of each output and remembers what it was given. */
  private static final class FakeStages implements GridRunner.Launcher {
    final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> launches = new ConcurrentHashMap<>();
    final Map<Task, Map<String, Integer>> pinsOf = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final Set<String> failing;

    FakeStages(Set<String> failing) {
      this.failing = failing;
    }

    @Override
    public GridRunner.Outcome run(Task task, Map<String, Integer> pins) throws Exception {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(20);
        launches.computeIfAbsent(task.stage(), s -> new AtomicInteger()).incrementAndGet();
        pinsOf.put(task, pins);
        if (failing.contains(task.stage() + task.given())) {
          return new GridRunner.Outcome(1, null);
        }
        Map<String, Integer> outputs = new java.util.LinkedHashMap<>();
        for (String out : task.notebook().outputs()) {
          outputs.put(
              out, versions.computeIfAbsent(out, o -> new AtomicInteger()).incrementAndGet());
        }
        return new GridRunner.Outcome(0, new GridRunner.Done("run-" + task.index(), outputs));
      } finally {
        running.decrementAndGet();
      }
    }

    Map<String, Integer> counts() {
      return launches.entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }
  }

  private static final GridRunner.UpToDate NEVER = (task, pins) -> Optional.empty();

  @Test
  void sharedStagesRunOnceAndEachMemberReadsItsOwnModelEvenSideBySide() throws Exception {
    GridPlan plan = plan();
    assertThat(plan.tasks()).hasSize(14);
    FakeStages stages = new FakeStages(Set.of());
    List<String> said = Collections.synchronizedList(new ArrayList<>());
    Map<Task, TaskResult> results = new GridRunner(plan, 4, false, stages, NEVER, said::add).run();

    assertThat(stages.counts())
        .isEqualTo(Map.of("ingest", 1, "features", 1, "train", 6, "evaluate", 6));
    assertThat(results.values()).allMatch(TaskResult::ok);
    assertThat(stages.mostAtOnce.get()).isBetween(2, 4);
    for (int m = 0; m < 6; m++) {
      Task train = plan.member(m).get("train");
      Task evaluate = plan.member(m).get("evaluate");
      assertThat(train.shared()).isFalse();
      assertThat(plan.member(m).get("features").shared()).isTrue();
      // the member's evaluate reads the model its own train wrote, whoever wrote one since
      assertThat(stages.pinsOf.get(evaluate))
          .containsEntry("model", results.get(train).done().outputs().get("model"))
          .containsEntry("test-set", 1);
      assertThat(stages.pinsOf.get(train)).isEqualTo(Map.of("train-set", 1, "test-set", 1));
    }
    assertThat(said).anyMatch(l -> l.startsWith("started  train [member 6]"));
  }

  @Test
  void aMembersFailedStageBlocksOnlyItsOwnDependents() throws Exception {
    GridPlan plan = plan();
    FakeStages stages = new FakeStages(Set.of("train{algorithm=cart, epochs=20}"));
    Map<Task, TaskResult> results = new GridRunner(plan, 2, false, stages, NEVER, s -> {}).run();

    int failed = 4; // cart with 20 epochs: member 5 (from 0: 4)
    assertThat(results.get(plan.member(failed).get("train")).result().state())
        .isEqualTo(State.FAILED);
    assertThat(results.get(plan.member(failed).get("evaluate")).result().state())
        .isEqualTo(State.BLOCKED);
    assertThat(results.get(plan.member(failed).get("evaluate")).result().detail())
        .isEqualTo("not run: 'train [member 5]' failed");
    assertThat(stages.counts()).containsEntry("evaluate", 5).containsEntry("train", 6);
    for (int m = 0; m < 6; m++) {
      if (m != failed) {
        assertThat(GridRunner.ofMember(plan, results, m)).allMatch(TaskResult::ok);
      }
    }
  }

  @Test
  void aFailedSharedStageFailsEveryMemberThatNeedsIt() throws Exception {
    GridPlan plan = plan();
    FakeStages stages = new FakeStages(Set.of("features{}"));
    Map<Task, TaskResult> results = new GridRunner(plan, 3, false, stages, NEVER, s -> {}).run();
    assertThat(stages.counts()).isEqualTo(Map.of("ingest", 1, "features", 1));
    assertThat(results.values().stream().filter(r -> r.result().state() == State.BLOCKED))
        .hasSize(12);
  }

  @Test
  void whatIsUpToDateDoesNotRunAndPassesOnTheVersionsItsEarlierRunWrote() throws Exception {
    GridPlan plan = plan();
    FakeStages stages = new FakeStages(Set.of());
    Map<Task, Map<String, Integer>> checkedWith = new ConcurrentHashMap<>();
    GridRunner.UpToDate always =
        (task, pins) -> {
          checkedWith.put(task, pins);
          Map<String, Integer> outputs = new java.util.LinkedHashMap<>();
          task.notebook().outputs().forEach(o -> outputs.put(o, 100 + task.index()));
          return Optional.of(new GridRunner.Done("old-" + task.index(), outputs));
        };
    Map<Task, TaskResult> results = new GridRunner(plan, 2, false, stages, always, s -> {}).run();
    assertThat(stages.counts()).isEmpty();
    assertThat(results.values()).allMatch(r -> r.result().state() == State.SKIPPED);
    Task train = plan.member(2).get("train");
    assertThat(checkedWith.get(plan.member(2).get("evaluate")))
        .containsEntry("model", 100 + train.index());

    FakeStages forced = new FakeStages(Set.of());
    new GridRunner(plan, 2, true, forced, always, s -> {}).run();
    assertThat(forced.counts()).containsEntry("train", 6);
  }

  @Test
  void membersThatDifferOnlyDownstreamShareEverythingUpstream() {
    List<Map<String, Map<String, String>>> members =
        List.of(
            Map.of("evaluate", Map.of("minGain", "0")),
            Map.of("evaluate", Map.of("minGain", "0.1")));
    GridPlan plan = GridPlan.of(PLAN, null, members, (notebook, given) -> given);
    assertThat(plan.tasks())
        .extracting(Task::toString)
        .containsExactly(
            "ingest (shared)",
            "features (shared)",
            "train (shared)",
            "evaluate [member 1]",
            "evaluate [member 2]");
  }
}
