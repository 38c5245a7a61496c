package dev.nbfactory.magics.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.testing.TempRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LineageTreeTest {
  @RegisterExtension final TempRegistry temp = new TempRegistry();

  @Test
  void printsTheUpstreamTreeAsFactoryLineageDoes() {
    Registry registry = temp.get();
    LineagePipeline pipeline = LineagePipeline.record(registry);
    Run report = registry.run(pipeline.report);
    Run train = registry.run(pipeline.train);
    Instant now = report.startedAt().plus(Duration.ofMinutes(3));

    String text =
        new LineageTree(registry.upstream("weekly", 3), 2)
            .render(TreeGlyphs.UNICODE, now, "--depth");

    String model = LineageTree.versionLabel(registry.resolve("churn-model"));
    assertThat(text.lines())
        .containsExactly(
            LineageTree.versionLabel(registry.resolve("weekly")),
            "└─ report run " + report.shortId() + " (FAILED, 3 min ago)",
            "   ├─ " + LineageTree.versionLabel(registry.resolve("auc")),
            "   │  └─ train run " + train.shortId() + " (SUCCEEDED, 3 min ago)",
            "   │     └─ " + LineageTree.versionLabel(registry.resolve("customers")) + " …",
            "   ├─ " + model,
            "   │  └─ train run " + train.shortId() + " (SUCCEEDED, 3 min ago) (see above)",
            "   └─ " + LineageTree.versionLabel(registry.resolve("roc")),
            "      └─ train run " + train.shortId() + " (SUCCEEDED, 3 min ago) (see above)",
            "(… goes on beyond --depth 2)");
    assertThat(model).matches("churn-model@1 \\(model, [0-9a-f]{12}\\)");
  }

  @Test
  void saysSoWhenNothingIsDownstream() {
    Registry registry = temp.get();
    LineagePipeline.record(registry);

    String text =
        new LineageTree(registry.downstream("weekly", 2), 1)
            .render(TreeGlyphs.UNICODE, Instant.now(), "--depth");

    assertThat(text.lines())
        .containsExactly(
            LineageTree.versionLabel(registry.resolve("weekly")),
            "(nothing downstream: no run is recorded as reading it)");
  }

  @Test
  void drawsInAsciiAndMarksNothingWhereHistoryEnds() {
    Registry registry = temp.get();
    LineagePipeline pipeline = LineagePipeline.record(registry);
    Run ingest = registry.run(pipeline.ingest);
    Run score = registry.run(pipeline.score);

    // ingest read nothing: the history of raw-customers ends with it, within depth 1.
    String ended =
        new LineageTree(registry.upstream("raw-customers@1", 2), 1)
            .render(TreeGlyphs.ASCII, ingest.startedAt(), "--depth");
    String ascii =
        new LineageTree(registry.upstream("scores", 2), 1)
            .render(TreeGlyphs.ASCII, score.startedAt(), "--depth");

    assertThat(ended.lines())
        .containsExactly(
            LineageTree.versionLabel(registry.resolve("raw-customers")),
            "`- ingest run " + ingest.shortId() + " (SUCCEEDED, just now)");
    assertThat(ascii.lines())
        .containsExactly(
            LineageTree.versionLabel(registry.resolve("scores")),
            "`- score run " + score.shortId() + " (RUNNING, just now)",
            "   |- " + LineageTree.versionLabel(registry.resolve("churn-model")) + " ...",
            "   `- " + LineageTree.versionLabel(registry.resolve("customers")) + " ...",
            "(... goes on beyond --depth 1)");
  }
}
