package dev.nbfactory.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StageFoldTest {
  private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void manyRunsOfAStageFoldIntoTheNewestAndTheirOutputsIntoItsOutput() {
    ArtifactVersion model = version(1, "model", 1, "train");
    List<ArtifactVersion> versions = new ArrayList<>(List.of(model));
    List<Run> runs = new ArrayList<>();
    List<Lineage.Edge> edges = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Run score = run("score" + i, "score", i);
      runs.add(score);
      ArtifactVersion out = version(100 + i, "scores", i + 1, score.id());
      versions.add(out);
      edges.add(new Lineage.Edge(score.id(), model.id(), Lineage.EdgeType.CONSUMED));
      edges.add(new Lineage.Edge(score.id(), out.id(), Lineage.EdgeType.PRODUCED));
    }
    Run evaluate = run("eval", "evaluate", 3);
    runs.add(evaluate);
    edges.add(new Lineage.Edge(evaluate.id(), model.id(), Lineage.EdgeType.CONSUMED));
    Lineage lineage = new Lineage(model, Lineage.Direction.DOWNSTREAM, 1, versions, runs, edges);

    StageFold.Folded folded = StageFold.fold(lineage, StageFold.KEEP, Set.of());

    assertThat(folded.lineage().runs())
        .extracting(Run::id)
        .containsExactlyInAnyOrder("score9", "eval");
    assertThat(folded.lineage().versions())
        .extracting(ArtifactVersion::ref)
        .containsExactlyInAnyOrder("model@1", "scores@10");
    assertThat(folded.counts()).containsEntry("score9", 10).containsEntry("scores@10", 10);
    assertThat(folded.lineage().edges())
        .containsExactlyInAnyOrder(
            new Lineage.Edge("score9", 1, Lineage.EdgeType.CONSUMED),
            new Lineage.Edge("score9", 109, Lineage.EdgeType.PRODUCED),
            new Lineage.Edge("eval", 1, Lineage.EdgeType.CONSUMED));
  }

  @Test
  void anExpandedVersionNeverFoldsAway() {
    ArtifactVersion model = version(1, "model", 1, null);
    List<ArtifactVersion> versions = new ArrayList<>(List.of(model));
    List<Run> runs = new ArrayList<>();
    List<Lineage.Edge> edges = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Run score = run("score" + i, "score", i);
      runs.add(score);
      versions.add(version(100 + i, "scores", i + 1, score.id()));
      edges.add(new Lineage.Edge(score.id(), model.id(), Lineage.EdgeType.CONSUMED));
      edges.add(new Lineage.Edge(score.id(), 100 + i, Lineage.EdgeType.PRODUCED));
    }
    Lineage lineage = new Lineage(model, Lineage.Direction.DOWNSTREAM, 1, versions, runs, edges);

    StageFold.Folded folded = StageFold.fold(lineage, StageFold.KEEP, Set.of("scores@2"));

    assertThat(folded.lineage().versions())
        .extracting(ArtifactVersion::ref)
        .containsExactlyInAnyOrder("model@1", "scores@2", "scores@5");
    assertThat(folded.counts()).containsEntry("scores@5", 4);
  }

  @Test
  void aFewRunsOfAStageStayAsTheyAre() {
    ArtifactVersion model = version(1, "model", 1, null);
    List<Run> runs = List.of(run("a", "score", 1), run("b", "score", 2), run("c", "score", 3));
    List<Lineage.Edge> edges =
        runs.stream().map(r -> new Lineage.Edge(r.id(), 1, Lineage.EdgeType.CONSUMED)).toList();
    Lineage lineage =
        new Lineage(model, Lineage.Direction.DOWNSTREAM, 1, List.of(model), runs, edges);
    StageFold.Folded folded = StageFold.fold(lineage, StageFold.KEEP, Set.of());
    assertThat(folded.lineage()).isSameAs(lineage);
    assertThat(folded.counts()).isEmpty();
  }

  private static ArtifactVersion version(long id, String name, int version, String producer) {
    return new ArtifactVersion(
        id,
        name,
        ArtifactKind.DATASET,
        version,
        "0".repeat(64),
        1,
        null,
        List.of(),
        null,
        producer,
        T);
  }

  private static Run run(String id, String stage, int minute) {
    return new Run(
        id,
        stage,
        RunStatus.SUCCEEDED,
        RunKind.HEADLESS,
        T.plusSeconds(60L * minute),
        null,
        null,
        null,
        null,
        null,
        List.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
