package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.testing.TempRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegistryRoundTripTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  @Test
  void aRunWithEverythingReadsBackAsRecorded() {
    Registry registry = temp.get();
    Run parent = registry.startRun(RunStart.builder("pipeline").kind(RunKind.HEADLESS).build());
    Instant fire = Instant.parse("2026-11-25T06:00:00Z");
    Run run =
        registry.startRun(
            RunStart.builder("train")
                .kind(RunKind.SCHEDULED)
                .notebook("notebooks/03-train.ipynb", "ab".repeat(32))
                .classpath(List.of("org.tribuo:tribuo-core:4.3.2"))
                .gitCommit("0123456789abcdef")
                .parentRun(parent.id())
                .schedule("nightly-train", fire)
                .build());

    assertThat(registry.run(run.id())).isEqualTo(run);
    ArtifactVersion raw =
        registry.putOutput(
            null, "customers", ArtifactKind.DATASET, "text/csv", "a,b\n1,2\n".getBytes());
    registry.logParameters(run.id(), Map.of("epochs", 10, "algorithm", "sgd"), Set.of());
    registry.logInput(run.id(), "customers");
    var spec =
        OutputSpec.of(
                "churn-model",
                ArtifactKind.MODEL,
                registry.store().put("model".getBytes()),
                "application/octet-stream")
            .withMetadata("{\"class\":\"LinearSGDModel\"}");
    ArtifactVersion model = registry.logOutput(run.id(), spec);
    var table =
        OutputSpec.of(
                "scores",
                ArtifactKind.DATASET,
                registry.store().put("s\n1\n".getBytes()),
                "text/csv")
            .withSchema(List.of(new Column("s", "INTEGER")));
    registry.logOutput(run.id(), table);
    registry.logMetric(run.id(), "accuracy", 0.91, 0);
    registry.logMetrics(run.id(), Map.of("loss", 0.5), 1);
    registry.logMetrics(run.id(), Map.of("loss", 0.25), 2);
    registry.setRunTag(run.id(), "owner", "data-team");
    registry.setVersionTag("churn-model@1", "reviewed", "yes");
    Run finished = registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);

    Registry reopened = temp.reopen();
    RunRecord record = reopened.record(run.id().substring(0, 8));
    Run back = record.run();
    assertThat(back).isEqualTo(finished);
    assertThat(back.stage()).isEqualTo("train");
    assertThat(back.kind()).isEqualTo(RunKind.SCHEDULED);
    assertThat(back.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(back.notebookPath()).isEqualTo("notebooks/03-train.ipynb");
    assertThat(back.notebookHash()).isEqualTo("ab".repeat(32));
    assertThat(back.classpath()).containsExactly("org.tribuo:tribuo-core:4.3.2");
    assertThat(back.gitCommit()).isEqualTo("0123456789abcdef");
    assertThat(back.parentRunId()).isEqualTo(parent.id());
    assertThat(back.schedule()).isEqualTo("nightly-train");
    assertThat(back.fireTime()).isEqualTo(fire);
    assertThat(back.javaVersion()).contains(System.getProperty("java.version"));
    assertThat(back.host()).isNotBlank();
    assertThat(back.user()).isEqualTo(System.getProperty("user.name"));
    assertThat(back.endedAt()).isNotNull();

    assertThat(record.parameters())
        .containsExactly(
            new Parameter("algorithm", "sgd", false), new Parameter("epochs", "10", false));
    assertThat(record.inputs()).containsExactly(raw);
    assertThat(record.outputs())
        .extracting(ArtifactVersion::name)
        .containsExactly("churn-model", "scores");
    assertThat(record.outputs().get(0)).isEqualTo(model);
    assertThat(record.outputs().get(0).metadata()).isEqualTo("{\"class\":\"LinearSGDModel\"}");
    assertThat(record.outputs().get(0).producerRunId()).isEqualTo(run.id());
    assertThat(record.outputs().get(1).schema()).containsExactly(new Column("s", "INTEGER"));
    assertThat(record.metrics())
        .extracting(Metric::key, Metric::value, Metric::step)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("accuracy", 0.91, 0L),
            org.assertj.core.groups.Tuple.tuple("loss", 0.5, 1L),
            org.assertj.core.groups.Tuple.tuple("loss", 0.25, 2L));
    assertThat(record.tags()).containsEntry("owner", "data-team");
    assertThat(reopened.stages()).extracting(Stage::name).containsExactly("pipeline", "train");
    assertThat(reopened.artifacts(null))
        .extracting(Artifact::name, Artifact::kind, Artifact::versionCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("churn-model", ArtifactKind.MODEL, 1),
            org.assertj.core.groups.Tuple.tuple("customers", ArtifactKind.DATASET, 1),
            org.assertj.core.groups.Tuple.tuple("scores", ArtifactKind.DATASET, 1));
    assertThat(reopened.artifacts(ArtifactKind.MODEL)).hasSize(1);
    assertThat(reopened.consumers("customers@1")).extracting(Run::id).containsExactly(run.id());
  }

  @Test
  void dataChecksReadBackInTheOrderRecordedAcrossCalls() {
    Registry registry = temp.get();
    Run run = registry.startRun(RunStart.builder("ingest").build());
    Run other = registry.startRun(RunStart.builder("ingest").build());
    CheckResult rows =
        new CheckResult("rowsAtLeast(400)", CheckResult.Severity.ERROR, true, ">= 400", "569 rows");
    CheckResult missing =
        new CheckResult(
            "noMissing(diagnosis)", CheckResult.Severity.ERROR, false, "none", "3 missing of 569");
    CheckResult unique =
        new CheckResult("unique(id)", CheckResult.Severity.WARN, false, null, "2 duplicates");
    registry.logChecks(run.id(), List.of(rows, missing));
    registry.logChecks(other.id(), List.of(rows));
    registry.logChecks(run.id(), List.of(unique));
    registry.logChecks(run.id(), List.of());

    Registry reopened = temp.reopen();
    assertThat(reopened.record(run.id()).checks()).containsExactly(rows, missing, unique);
    assertThat(reopened.checks(other.id())).containsExactly(rows);
    assertThat(missing.failsRun()).isTrue();
    assertThat(missing.outcome()).isEqualTo("FAILED");
    assertThat(unique.failsRun()).isFalse();
    assertThat(unique.outcome()).isEqualTo("warning");
    assertThat(rows.outcome()).isEqualTo("passed");
    assertThatThrownBy(() -> new CheckResult(" ", CheckResult.Severity.ERROR, true, null, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("name is empty");
  }

  @Test
  void sameBytesUnderOneNameAreOneVersionAndNewBytesANewOne() {
    Registry registry = temp.get();
    Run first = registry.startRun(RunStart.builder("ingest").build());
    ArtifactVersion v1 =
        registry.putOutput(
            first.id(), "raw", ArtifactKind.DATASET, "text/csv", "x\n1\n".getBytes());
    Run second = registry.startRun(RunStart.builder("ingest").build());
    ArtifactVersion again =
        registry.putOutput(
            second.id(), "raw", ArtifactKind.DATASET, "text/csv", "x\n1\n".getBytes());
    ArtifactVersion v2 =
        registry.putOutput(
            second.id(), "raw", ArtifactKind.DATASET, "text/csv", "x\n2\n".getBytes());

    assertThat(again).isEqualTo(v1);
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(registry.resolve("raw")).isEqualTo(v2);
    assertThat(registry.resolve("raw@1")).isEqualTo(v1);
    assertThat(registry.resolve("raw@" + v1.contentHash().substring(0, 10))).isEqualTo(v1);
    assertThat(registry.outputs(second.id()))
        .extracting(ArtifactVersion::version)
        .containsExactlyInAnyOrder(1, 2);
    assertThat(registry.versions("raw")).containsExactly(v1, v2);
  }

  @Test
  void unknownNamesAndVersionsSayWhatExists() {
    Registry registry = temp.get();
    registry.putOutput(null, "customers-clean", ArtifactKind.DATASET, "text/csv", "a\n".getBytes());

    assertThatThrownBy(() -> registry.resolve("customer-clean"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no artifact named 'customer-clean'")
        .hasMessageContaining("did you mean 'customers-clean'");
    assertThatThrownBy(() -> registry.resolve("customers-clean@7"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("has no version 7; its versions are 1 to 1");
    assertThatThrownBy(() -> registry.resolve("customers-clean@production"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no alias or version 'production'");
  }

  @Test
  void aNameHoldsOneKindOfArtifact() {
    Registry registry = temp.get();
    registry.putOutput(null, "churn", ArtifactKind.DATASET, "text/csv", "a\n".getBytes());
    assertThatThrownBy(
            () ->
                registry.putOutput(
                    null, "churn", ArtifactKind.MODEL, "application/octet-stream", "m".getBytes()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("artifact 'churn' holds dataset versions");
  }

  @Test
  void aliasesMoveAndKeepTheirHistory() {
    Registry registry = temp.get();
    for (String body : List.of("m1", "m2", "m3")) {
      registry.putOutput(
          null, "model", ArtifactKind.MODEL, "application/octet-stream", body.getBytes());
    }
    registry.setAlias("model@1", "production", "alice");
    assertThat(registry.resolve("model@production").version()).isEqualTo(1);
    registry.setAlias("model@3", "production", "bob");
    registry.setAlias("model@2", "champion", "bob");
    assertThat(registry.resolve("model@production").version()).isEqualTo(3);
    assertThat(registry.aliases("model"))
        .extracting(Alias::alias, Alias::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("champion", 2),
            org.assertj.core.groups.Tuple.tuple("production", 3));
    registry.removeAlias("model", "champion", "carol");

    assertThat(registry.aliasHistory("model", "production"))
        .extracting(AliasChange::fromVersion, AliasChange::toVersion, AliasChange::changedBy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, 1, "alice"),
            org.assertj.core.groups.Tuple.tuple(1, 3, "bob"));
    assertThat(registry.aliasHistory("model", "champion"))
        .extracting(AliasChange::fromVersion, AliasChange::toVersion)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, 2),
            org.assertj.core.groups.Tuple.tuple(2, null));
    // An alias works wherever a version does: as an input reference.
    Run run = registry.startRun(RunStart.builder("score").build());
    assertThat(registry.logInput(run.id(), "model@production").version()).isEqualTo(3);
    assertThatThrownBy(() -> registry.setAlias("model@1", "latest", "x"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void runsFinishOnceAndHeartbeatsStopAfterwards() {
    Registry registry = temp.get();
    Run run = registry.startRun(RunStart.builder("s").build());
    assertThat(registry.heartbeat(run.id())).isTrue();
    registry.finishRun(run.id(), RunStatus.FAILED, "cell 3: ArithmeticException: / by zero");
    assertThat(registry.heartbeat(run.id())).isFalse();
    assertThatThrownBy(() -> registry.finishRun(run.id(), RunStatus.SUCCEEDED, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("already finished as FAILED");
    assertThat(registry.run(run.id()).error()).isEqualTo("cell 3: ArithmeticException: / by zero");
  }

  @Test
  void silentRunsAreMarkedLostWithAnEndTime() throws Exception {
    Registry registry = temp.get();
    Run alive = registry.startRun(RunStart.builder("s").build());
    Run dead =
        registry.startRun(RunStart.builder("s").startedAt(Instant.now().minusSeconds(120)).build());
    List<Run> lost = registry.markLost(Duration.ofSeconds(60));
    assertThat(lost).extracting(Run::id).containsExactly(dead.id());
    Run back = registry.run(dead.id());
    assertThat(back.status()).isEqualTo(RunStatus.LOST);
    assertThat(back.endedAt()).isNotNull();
    assertThat(registry.run(alive.id()).status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void diffShowsOnlyWhatChanged() {
    Registry registry = temp.get();
    registry.putOutput(null, "data", ArtifactKind.DATASET, "text/csv", "1".getBytes());
    Run a = registry.startRun(RunStart.builder("train").build());
    registry.logParameters(a.id(), Map.of("epochs", 10, "seed", 1), Set.of());
    registry.logInput(a.id(), "data");
    registry.logMetric(a.id(), "accuracy", 0.8, 0);
    registry.putOutput(null, "data", ArtifactKind.DATASET, "text/csv", "2".getBytes());
    Run b = registry.startRun(RunStart.builder("train").build());
    registry.logParameters(b.id(), Map.of("epochs", 20, "seed", 1, "lr", 0.1), Set.of());
    registry.logInput(b.id(), "data");
    registry.logMetric(b.id(), "accuracy", 0.85, 0);

    RunDiff diff = registry.diff(a.id(), b.id());
    assertThat(diff.parameters())
        .containsExactly(
            new RunDiff.Change("epochs", "10", "20"), new RunDiff.Change("lr", null, "0.1"));
    assertThat(diff.inputs()).hasSize(1);
    assertThat(diff.inputs().get(0).left()).startsWith("1 (");
    assertThat(diff.inputs().get(0).right()).startsWith("2 (");
    assertThat(diff.metrics()).containsExactly(new RunDiff.Change("accuracy", "0.8", "0.85"));
    assertThat(diff.outputs()).isEmpty();
    assertThat(registry.diff(a.id(), a.id()).isEmpty()).isTrue();
  }

  @Test
  void runIdPrefixesResolveAndAmbiguityIsReported() {
    Registry registry = temp.get();
    Run run = registry.startRun(RunStart.builder("s").build());
    assertThat(registry.run(run.id().substring(0, 6)).id()).isEqualTo(run.id());
    assertThatThrownBy(() -> registry.run("zz"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid run id");
    assertThatThrownBy(() -> registry.run("0000000000000000000000000000000f"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aVersionWhoseBytesAreNotStoredIsRefused() {
    Registry registry = temp.get();
    Run run = registry.startRun(RunStart.builder("s").build());
    OutputSpec missing =
        new OutputSpec(
            "ghost", ArtifactKind.DATASET, "ab".repeat(32), 3, "text/csv", List.of(), null);
    assertThatThrownBy(() -> registry.logOutput(run.id(), missing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not in the artifact store");
    assertThat(registry.artifacts(null)).isEmpty();
  }
}
