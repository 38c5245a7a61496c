package dev.nbfactory.magics.lineage;

import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import java.nio.charset.StandardCharsets;

/**
 * A small churn pipeline recorded through the registry API, bytes and all:
 *
 * <pre>
 * ingest → raw-customers → clean → customers → train → churn-model, roc, auc → report → weekly
 *                                           └→ score (running; also reads churn-model) → scores
 * </pre>
 *
 * The report run fails with a hostile error message; its notebook path is hostile too.
 */
public final class LineagePipeline {
  public static final String HOSTILE = "<script>alert(\"x\")</script> & 'friends'";

  public final String ingest;
  public final String clean;
  public final String train;
  public final String report;
  public final String score;

  private LineagePipeline(String ingest, String clean, String train, String report, String score) {
    this.ingest = ingest;
    this.clean = clean;
    this.train = train;
    this.report = report;
    this.score = score;
  }

  public static LineagePipeline record(Registry registry) {
    String ingest = start(registry, "ingest", "ingest.ipynb");
    put(registry, ingest, "raw-customers", ArtifactKind.DATASET, "id,plan\n1,pro\n2,free\n");
    registry.finishRun(ingest, RunStatus.SUCCEEDED, null);

    String clean = start(registry, "clean", "clean.ipynb");
    registry.logInput(clean, "raw-customers");
    put(registry, clean, "customers", ArtifactKind.DATASET, "id,plan\n1,pro\n");
    registry.finishRun(clean, RunStatus.SUCCEEDED, null);

    String train = start(registry, "train", "train.ipynb");
    registry.logInput(train, "customers@1");
    put(registry, train, "churn-model", ArtifactKind.MODEL, "model-bytes");
    put(registry, train, "roc", ArtifactKind.CHART, "<svg/>");
    put(registry, train, "auc", ArtifactKind.METRIC, "0.91");
    registry.finishRun(train, RunStatus.SUCCEEDED, null);

    String report = start(registry, "report", "reports/" + HOSTILE + ".ipynb");
    registry.logInput(report, "churn-model");
    registry.logInput(report, "roc");
    registry.logInput(report, "auc");
    put(registry, report, "weekly", ArtifactKind.REPORT, "<html>weekly</html>");
    registry.finishRun(report, RunStatus.FAILED, "cell 3: " + HOSTILE);

    String score = start(registry, "score", "score.ipynb");
    registry.logInput(score, "churn-model");
    registry.logInput(score, "customers");
    put(registry, score, "scores", ArtifactKind.FILE, "1,0.8\n");
    return new LineagePipeline(ingest, clean, train, report, score);
  }

  private static String start(Registry registry, String stage, String notebook) {
    return registry.startRun(RunStart.builder(stage).notebook(notebook, null).build()).id();
  }

  private static void put(
      Registry registry, String run, String name, ArtifactKind kind, String content) {
    registry.putOutput(
        run, name, kind, "application/octet-stream", content.getBytes(StandardCharsets.UTF_8));
  }
}
