package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.runner.pipeline.StageResult.State;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinePlanTest {
  @TempDir Path dir;

  private Path notebook(String file, String... cells) throws Exception {
    StringBuilder json = new StringBuilder("{\"cells\": [");
    for (int i = 0; i < cells.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"cell_type\": \"code\", \"metadata\": {}, \"outputs\": [],")
          .append(" \"execution_count\": null, \"source\": ")
          .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(cells[i]))
          .append("}");
    }
    json.append("], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 4}");
    Path p = dir.resolve(file);
    Files.writeString(p, json);
    return p;
  }

  /** raw → (left, right) → joined, a diamond, plus report reading joined. */
  private PipelinePlan diamond() throws Exception {
    notebook("01-raw.ipynb", "%stage raw", "Factory.output(\"raw\", t);");
    notebook(
        "02-left.ipynb",
        "Factory.stage(\"left\");",
        "Table t = Factory.input(\"raw@3\");\nFactory.output(\"left\", t);");
    notebook("03-right.ipynb", "%stage right\n%input raw as t", "%output t as right");
    notebook(
        "04-join.ipynb",
        "%stage join",
        "var l = Factory.table(\"left\");\nvar r = Factory.table(\"right@production\");",
        "Factory.output(\"joined\", l);");
    notebook("05-report.ipynb", "var j = Factory.table(\"joined\");");
    List<StageNotebook> stages =
        PipelinePlan.notebooks(List.of(dir)).stream().map(StageScanner::scan).toList();
    return PipelinePlan.of(stages);
  }

  @Test
  void theGraphIsReadFromMagicsAndFactoryCalls() throws Exception {
    PipelinePlan plan = diamond();
    assertThat(plan.order()).containsExactly("raw", "left", "right", "join", "05-report");
    assertThat(plan.dependencies("join")).containsExactlyInAnyOrder("left", "right");
    assertThat(plan.stage("right").inputs()).containsExactly("raw");
    assertThat(plan.stage("join").inputs()).containsExactlyInAnyOrder("left", "right");
    assertThat(plan.fromStage("left")).containsExactlyInAnyOrder("left", "join", "05-report");
    assertThatThrownBy(() -> plan.stage("nope")).hasMessageContaining("its stages are");
  }

  @Test
  void aNameComputedEvenInPartIsNotReadAsALiteral() throws Exception {
    notebook(
        "drift.ipynb",
        "%stage drift",
        "var base = Factory.table(\"sales@\" + baseline);\nvar now = Factory.table(\"sales\");",
        "Factory.output(\"drift-\" + region, t);\nFactory.output(\"drift\", t);");
    StageNotebook stage = StageScanner.scan(dir.resolve("drift.ipynb"));
    assertThat(stage.inputRefs()).containsExactly("sales");
    assertThat(stage.outputs()).containsExactly("drift");
  }

  @Test
  void cyclesAndTwoProducersAreRefusedByName() throws Exception {
    notebook("a.ipynb", "Factory.output(\"x\", v);\nFactory.input(\"y\");");
    notebook("b.ipynb", "Factory.output(\"y\", v);\nFactory.input(\"x\");");
    List<StageNotebook> cyc =
        PipelinePlan.notebooks(List.of(dir)).stream().map(StageScanner::scan).toList();
    assertThatThrownBy(() -> PipelinePlan.of(cyc))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("form a cycle")
        .hasMessageContaining("a")
        .hasMessageContaining("b");
    Files.delete(dir.resolve("b.ipynb"));
    notebook("c.ipynb", "Factory.output(\"x\", v);");
    List<StageNotebook> two =
        PipelinePlan.notebooks(List.of(dir)).stream().map(StageScanner::scan).toList();
    assertThatThrownBy(() -> PipelinePlan.of(two))
        .hasMessageContaining("artifact 'x' has two producers, stages 'a' and 'c'");
  }

  @Test
  void independentStagesRunInParallelAndAFailureBlocksOnlyWhatIsDownstream() throws Exception {
    PipelinePlan plan = diamond();
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Map<String, Integer> started = new ConcurrentHashMap<>();
    StringWriter log = new StringWriter();
    PipelineRunner runner =
        new PipelineRunner(
            plan,
            2,
            false,
            stage -> {
              started.put(stage.stage(), 1);
              most.accumulateAndGet(now.incrementAndGet(), Math::max);
              Thread.sleep(200);
              now.decrementAndGet();
              return stage.stage().equals("right") ? 1 : 0;
            },
            stage -> Optional.empty(),
            PipelineProgress.lines(new PrintWriter(log)));
    List<StageResult> results = runner.run(null);
    assertThat(most.get()).as("left and right at once").isEqualTo(2);
    assertThat(results)
        .extracting(StageResult::stage, StageResult::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("raw", State.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("left", State.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple("right", State.FAILED),
            org.assertj.core.groups.Tuple.tuple("join", State.BLOCKED),
            org.assertj.core.groups.Tuple.tuple("05-report", State.BLOCKED));
    assertThat(started).doesNotContainKeys("join", "05-report");
    assertThat(log.toString()).contains("join not run: 'right' failed");
  }

  @Test
  void upToDateStagesAreSkippedUnlessForced() throws Exception {
    PipelinePlan plan = diamond();
    Set<String> ran = ConcurrentHashMap.newKeySet();
    PipelineRunner.StageLauncher launch =
        s -> {
          ran.add(s.stage());
          return 0;
        };
    PipelineRunner.UpToDate fresh =
        s -> s.stage().equals("left") ? Optional.of("same inputs") : Optional.empty();
    StringWriter log = new StringWriter();
    new PipelineRunner(plan, 1, false, launch, fresh, PipelineProgress.lines(new PrintWriter(log)))
        .run(plan.fromStage("left"));
    assertThat(ran).containsExactlyInAnyOrder("join", "05-report");
    ran.clear();
    new PipelineRunner(plan, 1, true, launch, fresh, PipelineProgress.lines(new PrintWriter(log)))
        .run(Set.of("left"));
    assertThat(ran).containsExactly("left");
  }
}
