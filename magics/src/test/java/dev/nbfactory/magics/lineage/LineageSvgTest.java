package dev.nbfactory.magics.lineage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.magics.lineage.SvgDocument.SvgEdge;
import dev.nbfactory.magics.lineage.SvgDocument.SvgNode;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.testing.TempRegistry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LineageSvgTest {
  @RegisterExtension final TempRegistry temp = new TempRegistry();

  private final LineageSvg renderer = new LineageSvg(ZoneOffset.UTC);

  @Test
  void drawsEveryVersionAndRunWithItsNameAndShortVersion() throws Exception {
    Registry registry = temp.get();
    LineagePipeline pipeline = LineagePipeline.record(registry);
    Lineage lineage = registry.upstream("weekly", 5);

    SvgDocument svg = SvgDocument.parse(renderer.render(lineage));

    assertThat(svg.nodes).hasSize(lineage.versions().size() + lineage.runs().size());
    assertThat(svg.withClass("version")).hasSize(6);
    assertThat(svg.withClass("run")).hasSize(4);
    Map<String, SvgNode> byRef = svg.nodesByRef();
    for (ArtifactVersion version : lineage.versions()) {
      SvgNode node = byRef.get(version.ref());
      assertThat(node).as(version.ref()).isNotNull();
      assertThat(node.classes()).contains("version", version.kind().name().toLowerCase());
      assertThat(node.text())
          .containsEntry("name", version.name())
          .containsEntry("detail", "v1 · " + version.contentHash().substring(0, 7));
      assertThat(node.tooltip()).contains(version.ref(), version.contentHash());
    }
    Run report = registry.run(pipeline.report);
    SvgNode reportNode = byRef.get(report.id());
    assertThat(reportNode.classes()).contains("run", "failed");
    assertThat(reportNode.text())
        .containsEntry("name", "report")
        .containsEntry("caption", "run " + report.shortId() + " · failed");
    assertThat(svg.withClass("dataset"))
        .extracting(n -> n.text().get("name"))
        .containsExactlyInAnyOrder("raw-customers", "customers");
    assertThat(svg.withClass("model")).hasSize(1);
    assertThat(svg.withClass("chart")).hasSize(1);
    assertThat(svg.withClass("metric")).hasSize(1);
    assertThat(svg.withClass("report")).hasSize(1);
  }

  @Test
  void drawsEachEdgeAsAnOrthogonalRouteFromLeftToRightWithAnArrowhead() throws Exception {
    Registry registry = temp.get();
    LineagePipeline.record(registry);
    Lineage lineage = registry.upstream("weekly", 5);

    String text = renderer.render(lineage);
    SvgDocument svg = SvgDocument.parse(text);

    assertThat(svg.edges).hasSize(lineage.edges().size());
    assertThat(svg.edges)
        .extracting(SvgEdge::type)
        .containsOnly("consumed", "produced")
        .contains("consumed", "produced");
    Map<String, SvgNode> byRef = svg.nodesByRef();
    Map<Long, ArtifactVersion> versions = lineage.versionsById();
    for (SvgEdge edge : svg.edges) {
      SvgNode run = byRef.get(edge.runId());
      SvgNode version = byRef.get(versions.get(edge.versionId()).ref());
      SvgNode from = edge.type().equals("consumed") ? version : run;
      SvgNode to = edge.type().equals("consumed") ? run : version;
      // Data flows left to right: the source's box ends before the target's starts.
      assertThat(from.x() + from.width()).isLessThan(to.x());
      List<double[]> points = edge.points();
      assertThat(points.get(0)[0]).isCloseTo(from.x() + from.width(), within(0.6));
      assertThat(points.get(points.size() - 1)[0]).isCloseTo(to.x(), within(0.6));
      for (int i = 1; i < points.size(); i++) {
        boolean horizontal = Math.abs(points.get(i)[1] - points.get(i - 1)[1]) < 0.01;
        boolean vertical = Math.abs(points.get(i)[0] - points.get(i - 1)[0]) < 0.01;
        assertThat(horizontal || vertical).as("segment %d of %s", i, edge).isTrue();
      }
    }
    assertThat(text).contains("<marker id=\"").contains("marker-end=\"url(#");
  }

  @Test
  void nodesNeverOverlapAndTheirTextFitsAtFiftyNodes() throws Exception {
    Registry registry = temp.get();
    String root = LineageGrid.record(registry, 7, 5);
    Lineage lineage = registry.upstream(root, 10);
    assertThat(lineage.versions().size() + lineage.runs().size()).isGreaterThanOrEqualTo(50);

    SvgDocument svg = SvgDocument.parse(renderer.render(lineage));

    assertThat(svg.nodes).hasSize(lineage.versions().size() + lineage.runs().size());
    assertThat(svg.edges).hasSize(lineage.edges().size());
    for (int i = 0; i < svg.nodes.size(); i++) {
      SvgNode a = svg.nodes.get(i);
      assertThat(a.widestText()).as("text of %s", a.ref()).isLessThan(a.width() - 20);
      assertThat(a.text().get("name")).doesNotContain("…");
      for (int j = i + 1; j < svg.nodes.size(); j++) {
        SvgNode b = svg.nodes.get(j);
        assertThat(a.overlaps(b)).as("%s overlaps %s", a.ref(), b.ref()).isFalse();
      }
    }
    double width = Double.parseDouble(svg.svg.getAttribute("width"));
    double height = Double.parseDouble(svg.svg.getAttribute("height"));
    for (SvgNode node : svg.nodes) {
      assertThat(node.x()).isGreaterThanOrEqualTo(0);
      assertThat(node.y()).isGreaterThanOrEqualTo(0);
      assertThat(node.x() + node.width()).isLessThanOrEqualTo(width);
      assertThat(node.y() + node.height()).isLessThanOrEqualTo(height);
    }
  }

  @Test
  void hasAViewBoxAndANaturalSizeSoNotebooksScaleIt() throws Exception {
    Registry registry = temp.get();
    LineagePipeline.record(registry);

    SvgDocument svg = SvgDocument.parse(renderer.render(registry.upstream("weekly", 5)));

    String width = svg.svg.getAttribute("width");
    String height = svg.svg.getAttribute("height");
    assertThat(svg.svg.getAttribute("viewBox")).isEqualTo("0 0 " + width + " " + height);
    assertThat(Double.parseDouble(width)).isGreaterThan(400);
    assertThat(Double.parseDouble(height)).isGreaterThan(100);
  }

  @Test
  void highlightsTheRootAndOnlyIt() throws Exception {
    Registry registry = temp.get();
    LineagePipeline.record(registry);

    SvgDocument up = SvgDocument.parse(renderer.render(registry.upstream("weekly", 5)));
    SvgDocument down = SvgDocument.parse(renderer.render(registry.downstream("raw-customers", 5)));

    assertThat(up.withClass("root")).singleElement().extracting(SvgNode::ref).isEqualTo("weekly@1");
    assertThat(up.withClass("root").get(0).text()).containsEntry("caption", "root · report");
    assertThat(down.withClass("root"))
        .singleElement()
        .extracting(SvgNode::ref)
        .isEqualTo("raw-customers@1");
    // Upstream the root is where everything flows to; downstream where it flows from.
    SvgNode upRoot = up.withClass("root").get(0);
    assertThat(up.nodes).allMatch(n -> n.x() <= upRoot.x());
    SvgNode downRoot = down.withClass("root").get(0);
    assertThat(down.nodes).allMatch(n -> n.x() >= downRoot.x());
  }

  @Test
  void runsShowTheirStageStatusStartAndDurationOnceFinished() throws Exception {
    Registry registry = temp.get();
    LineagePipeline pipeline = LineagePipeline.record(registry);
    Run train = registry.run(pipeline.train);
    Run score = registry.run(pipeline.score);

    Map<String, SvgNode> byRef =
        SvgDocument.parse(renderer.render(registry.downstream("customers", 5))).nodesByRef();

    String started = Texts.minute(train.startedAt(), ZoneOffset.UTC);
    assertThat(started).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
    assertThat(byRef.get(train.id()).text())
        .containsEntry("name", "train")
        .containsEntry("caption", "run " + train.shortId() + " · succeeded")
        .containsEntry("detail", started + " · " + Texts.duration(train.duration(Instant.MAX)));
    assertThat(byRef.get(score.id()).text())
        .containsEntry("caption", "run " + score.shortId() + " · running")
        .containsEntry("detail", Texts.minute(score.startedAt(), ZoneOffset.UTC));
    assertThat(byRef.get(score.id()).classes()).contains("run", "running");
  }

  @Test
  void escapesHostileTextFromTheRegistry() throws Exception {
    Registry registry = temp.get();
    LineagePipeline.record(registry);

    String text = renderer.render(registry.upstream("weekly", 5));
    SvgDocument svg = SvgDocument.parse(text);

    assertThat(text).doesNotContain("<script").contains("&lt;script&gt;");
    SvgNode report = svg.withClass("failed").get(0);
    assertThat(report.tooltip())
        .contains("notebook reports/" + LineagePipeline.HOSTILE + ".ipynb")
        .contains("error: cell 3: " + LineagePipeline.HOSTILE);
  }

  @Test
  void escapesHostileNamesThatNeverPassedTheRegistrysChecks() throws Exception {
    String hostile = "<script>&\"'\u0001x";
    Instant now = Instant.parse("2026-11-25T16:30:00Z");
    ArtifactVersion input = version(1, hostile, ArtifactKind.FILE, now);
    ArtifactVersion output = version(2, "out]]>" + hostile, ArtifactKind.DATASET, now);
    Run run =
        new Run(
            "run-" + hostile,
            "stage " + hostile,
            RunStatus.SUCCEEDED,
            RunKind.INTERACTIVE,
            now,
            now.plusSeconds(64),
            null,
            hostile,
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
            hostile);
    Lineage lineage =
        new Lineage(
            output,
            Lineage.Direction.UPSTREAM,
            1,
            List.of(input, output),
            List.of(run),
            List.of(
                new Lineage.Edge(run.id(), 1, Lineage.EdgeType.CONSUMED),
                new Lineage.Edge(run.id(), 2, Lineage.EdgeType.PRODUCED)));

    String text = renderer.render(lineage);
    SvgDocument svg = SvgDocument.parse(text);

    assertThat(text).doesNotContain("<script").doesNotContain("]]>").doesNotContain("\u0001");
    String shown = "<script>&\"'\uFFFDx";
    Map<String, SvgNode> byRef = svg.nodesByRef();
    assertThat(byRef.get(shown + "@1").text()).containsEntry("name", shown);
    assertThat(byRef.get("out]]>" + shown + "@1").text()).containsEntry("name", "out]]>" + shown);
    assertThat(byRef.get("run-" + shown).text())
        .containsEntry("name", "stage " + shown)
        .containsEntry("detail", "2026-11-25 16:30 UTC · 1 min 4 s");
    assertThat(svg.edges).hasSize(2);
  }

  @Test
  void marksTheVersionsWhoseHistoryGoesOnBeyondTheCut() throws Exception {
    Registry registry = temp.get();
    LineagePipeline.record(registry);

    String text = renderer.render(LineageCut.of(registry.upstream("weekly", 2), 1));
    SvgDocument svg = SvgDocument.parse(text);

    assertThat(svg.nodes).extracting(SvgNode::ref).contains("churn-model@1", "roc@1", "auc@1");
    assertThat(svg.nodes).hasSize(5);
    // churn-model, roc and auc were all written by train: three arrows from beyond the cut.
    assertThat(text.split("class=\"goes-on\"", -1)).hasSize(4);
    assertThat(text).contains("more upstream");
  }

  @Test
  void theSameLineageDrawsTheSamePicture() {
    Registry registry = temp.get();
    LineagePipeline.record(registry);

    assertThat(renderer.render(registry.upstream("weekly", 5)))
        .isEqualTo(renderer.render(registry.upstream("weekly", 5)));
  }

  @Test
  void drawsARunThatRewroteItsOwnInput() throws Exception {
    Registry registry = temp.get();
    LineagePipeline.record(registry);
    String touch = registry.startRun(RunStart.builder("touch").build()).id();
    registry.logInput(touch, "scores");
    // The same bytes under the same name are the same version: a cycle of two edges.
    registry.putOutput(
        touch, "scores", ArtifactKind.FILE, "application/octet-stream", "1,0.8\n".getBytes(UTF_8));
    Lineage lineage = registry.upstream("scores", 5);
    assertThat(lineage.edges())
        .filteredOn(e -> e.runId().equals(touch))
        .extracting(Lineage.Edge::type)
        .containsExactlyInAnyOrder(Lineage.EdgeType.CONSUMED, Lineage.EdgeType.PRODUCED);

    SvgDocument svg = SvgDocument.parse(renderer.render(lineage));

    assertThat(svg.edges).hasSize(lineage.edges().size());
    assertThat(svg.nodesByRef()).containsKey(touch);
    for (int i = 0; i < svg.nodes.size(); i++) {
      for (int j = i + 1; j < svg.nodes.size(); j++) {
        assertThat(svg.nodes.get(i).overlaps(svg.nodes.get(j))).isFalse();
      }
    }
  }

  @Test
  void warmsUpWithoutARegistry() {
    LineageSvg.warmUp();
    LineageSvg.warmUp();
  }

  private static ArtifactVersion version(long id, String name, ArtifactKind kind, Instant at) {
    return new ArtifactVersion(
        id, name, kind, 1, "ab".repeat(32), 10, "text/plain", List.of(), null, null, at);
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    return org.assertj.core.data.Offset.offset(value);
  }
}
