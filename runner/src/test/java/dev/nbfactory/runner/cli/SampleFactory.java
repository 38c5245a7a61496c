package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.registry.RunStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A small factory recorded through the registry API, as notebooks would record it:
 *
 * <pre>
 * ingest → customers@1 → features → features@1 → train → churn-model@1 ─┐
 *                                        └───────────────────────────── evaluate → report@1
 * </pre>
 *
 * evaluate reads both the model and the features, so report's upstream is a diamond. A second train
 * run (failed, headless) reads features@1 with other parameters and writes churn-model@2.
 */
final class SampleFactory {
  final Run ingest;
  final Run features;
  final Run train;
  final Run evaluate;
  final Run retrain;

  SampleFactory(Registry registry) {
    Instant now = Instant.now();
    ingest = start(registry, "ingest", RunKind.SCHEDULED, now.minus(Duration.ofHours(5)));
    registry.putOutput(
        ingest.id(), "customers", ArtifactKind.DATASET, "text/csv", bytes("id,churn\n1,0\n"));
    registry.finishRun(ingest.id(), RunStatus.SUCCEEDED, null);

    features = start(registry, "features", RunKind.HEADLESS, now.minus(Duration.ofHours(4)));
    registry.logInput(features.id(), "customers");
    registry.putOutput(
        features.id(), "features", ArtifactKind.DATASET, "text/csv", bytes("f1,f2\n0.5,1\n"));
    registry.finishRun(features.id(), RunStatus.SUCCEEDED, null);

    train = start(registry, "train", RunKind.INTERACTIVE, now.minus(Duration.ofHours(2)));
    registry.logParameters(
        train.id(), Map.of("epochs", 10, "learning_rate", 0.1, "api_key", "hunter2"), Set.of());
    registry.logInput(train.id(), "features");
    registry.putOutput(
        train.id(),
        "churn-model",
        ArtifactKind.MODEL,
        "application/octet-stream",
        bytes("model-1"));
    registry.logMetric(train.id(), "accuracy", 0.8, 0);
    registry.logMetric(train.id(), "accuracy", 0.85, 1);
    registry.logMetric(train.id(), "accuracy", 0.91, 2);
    registry.logMetric(train.id(), "loss", 0.25, 2);
    registry.setRunTag(train.id(), "owner", "data-team");
    registry.finishRun(train.id(), RunStatus.SUCCEEDED, null);

    evaluate = start(registry, "evaluate", RunKind.HEADLESS, now.minus(Duration.ofMinutes(90)));
    registry.logInput(evaluate.id(), "churn-model@1");
    registry.logInput(evaluate.id(), "features@1");
    registry.putOutput(
        evaluate.id(), "report", ArtifactKind.REPORT, "text/html", bytes("<h1>ok</h1>"));
    registry.finishRun(evaluate.id(), RunStatus.SUCCEEDED, null);

    retrain = start(registry, "train", RunKind.HEADLESS, now.minus(Duration.ofMinutes(30)));
    registry.logParameters(
        retrain.id(), Map.of("epochs", 20, "learning_rate", 0.1, "api_key", "hunter2"), Set.of());
    registry.logInput(retrain.id(), "features");
    registry.putOutput(
        retrain.id(),
        "churn-model",
        ArtifactKind.MODEL,
        "application/octet-stream",
        bytes("model-2"));
    registry.logMetric(retrain.id(), "accuracy", 0.87, 0);
    registry.finishRun(retrain.id(), RunStatus.FAILED, "cell 7: IllegalStateException: diverged");
  }

  private static Run start(Registry registry, String stage, RunKind kind, Instant at) {
    return registry.startRun(RunStart.builder(stage).kind(kind).startedAt(at).build());
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
