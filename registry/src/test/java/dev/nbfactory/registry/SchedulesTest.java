package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchedulesTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  private Schedule draft(Registry registry, String name, String cron, String onNew) {
    StoredObject pinned = registry.store().put("{\"cells\": []}".getBytes(StandardCharsets.UTF_8));
    Map<String, String> params = new LinkedHashMap<>();
    params.put("epochs", "10");
    params.put("algo", "sgd");
    return new Schedule(
        name,
        "/work/notebooks/train.ipynb",
        "train.ipynb",
        pinned.hash(),
        "cd".repeat(32),
        cron,
        "Europe/Berlin",
        onNew,
        null,
        params,
        MisfirePolicy.ONCE,
        ConcurrencyPolicy.FORBID,
        2,
        Duration.ofSeconds(30),
        Duration.ofMinutes(10),
        "echo failed",
        false,
        null,
        null,
        0,
        null);
  }

  @Test
  void aPromotionIsRecordedWithWhoAndWhenAndReadsBack() {
    Registry registry = temp.get();
    Schedule first =
        registry.schedules().promote(draft(registry, "nightly", "0 0 6 * * ?", null), "alice");
    assertThat(first.promotedBy()).isEqualTo("alice");
    assertThat(first.promotedAt()).isNotNull();
    assertThat(first.promotion()).isEqualTo(1);
    assertThat(first.parameters())
        .containsExactly(Map.entry("epochs", "10"), Map.entry("algo", "sgd"));
    assertThat(first.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(first.lastFireAt()).isEqualTo(first.promotedAt());

    Schedule again =
        registry.schedules().promote(draft(registry, "nightly", "0 0 7 * * ?", null), "bob");
    assertThat(again.promotion()).isEqualTo(2);
    assertThat(again.cron()).isEqualTo("0 0 7 * * ?");
    Registry reopened = temp.reopen();
    assertThat(reopened.schedules().get("nightly")).isEqualTo(again);
    assertThat(reopened.schedules().events("nightly", 10))
        .extracting(ScheduleEvent::event, ScheduleEvent::user)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("PROMOTED", "bob"),
            org.assertj.core.groups.Tuple.tuple("PROMOTED", "alice"));
    // gc keeps the pinned copy: the schedule references it
    assertThat(reopened.referencedHashes()).contains(again.notebookObject());
  }

  @Test
  void pauseResumeDeleteAreEventsAndUnknownNamesSuggestCloseOnes() {
    Registry registry = temp.get();
    registry.schedules().promote(draft(registry, "nightly", "0 0 6 * * ?", null), "alice");
    assertThat(registry.schedules().pause("nightly", "carol").paused()).isTrue();
    Schedule resumed = registry.schedules().resume("nightly", "carol");
    assertThat(resumed.paused()).isFalse();
    assertThat(resumed.lastFireAt()).isAfterOrEqualTo(resumed.promotedAt());
    assertThatThrownBy(() -> registry.schedules().pause("nightlly", "carol"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("'nightly'");
    registry.schedules().delete("nightly", "dave");
    assertThat(registry.schedules().list()).isEmpty();
    assertThat(registry.schedules().events("nightly", 10))
        .extracting(ScheduleEvent::event)
        .containsExactly("DELETED", "RESUMED", "PAUSED", "PROMOTED");
  }

  @Test
  void aScheduleNeedsATriggerAndSaneRetries() {
    Registry registry = temp.get();
    assertThatThrownBy(() -> draft(registry, "x", null, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("--cron");
    assertThatThrownBy(() -> draft(registry, "../x", "0 * * * * ?", null))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aFiringRunsOnceTheSecondStartIsRefused() {
    Registry registry = temp.get();
    Instant fire = Instant.parse("2026-03-29T00:30:00Z");
    RunStart start =
        RunStart.builder("train").kind(RunKind.SCHEDULED).schedule("nightly", fire).build();
    Run first = registry.startRun(start);
    assertThatThrownBy(() -> registry.startRun(start))
        .isInstanceOf(FiringTakenException.class)
        .hasMessageContaining(first.shortId());
    // a retry records no fire time, so it never collides
    registry.startRun(
        RunStart.builder("train")
            .kind(RunKind.SCHEDULED)
            .schedule("nightly", null)
            .parentRun(first.id())
            .build());
    assertThat(registry.schedules().firing("nightly", fire)).map(Run::id).contains(first.id());
    assertThat(registry.schedules().history("nightly", 10)).hasSize(2);
    assertThat(registry.schedules().running("nightly")).hasSize(2);
  }

  @Test
  void anArtifactTriggerSeesOnlyVersionsNewerThanItsPromotion() {
    Registry registry = temp.get();
    registry.putOutput(null, "customers", ArtifactKind.DATASET, "text/csv", "a\n1\n".getBytes());
    registry.schedules().promote(draft(registry, "on-data", null, "customers"), "alice");
    assertThat(registry.schedules().claimNewVersion("on-data", "customers")).isEmpty();
    ArtifactVersion v2 =
        registry.putOutput(
            null, "customers", ArtifactKind.DATASET, "text/csv", "a\n2\n".getBytes());
    assertThat(registry.schedules().claimNewVersion("on-data", "customers")).contains(v2.id());
    assertThat(registry.schedules().claimNewVersion("on-data", "customers")).isEmpty();
  }

  @Test
  void aMetricTriggerAndAPipelineReadBackAndTheCooldownIsClaimedOnceAndSurvivesAPromotion() {
    Registry registry = temp.get();
    Schedule d = draft(registry, "retrain", "0 0 6 * * ?", null);
    String a = registry.store().put("{\"cells\": [1]}".getBytes(StandardCharsets.UTF_8)).hash();
    String b = registry.store().put("{\"cells\": [2]}".getBytes(StandardCharsets.UTF_8)).hash();
    Map<String, String> notebooks = new LinkedHashMap<>();
    notebooks.put("01-ingest.ipynb", a);
    notebooks.put("03-train.ipynb", b);
    MetricTrigger trigger =
        new MetricTrigger(
            "cancer-model@production:live_accuracy < 0.92",
            "cancer-model@production:psi > 0.25",
            Duration.ofMinutes(30),
            40);
    Schedule withTrigger =
        new Schedule(
            d.name(),
            "/work/notebooks",
            "notebooks",
            d.notebookObject(),
            null,
            null,
            d.timeZone(),
            null,
            null,
            Map.of(),
            d.misfire(),
            d.concurrency(),
            0,
            d.retryDelay(),
            null,
            null,
            false,
            null,
            null,
            0,
            null,
            trigger,
            notebooks,
            "train");
    Schedule saved = registry.schedules().promote(withTrigger, "alice");
    assertThat(saved.metric()).isEqualTo(trigger);
    assertThat(saved.pipeline()).isTrue();
    assertThat(saved.stageNotebooks()).containsExactlyEntriesOf(notebooks);
    assertThat(saved.pipelineFrom()).isEqualTo("train");
    assertThat(temp.reopen().schedules().list()).containsExactly(saved);
    assertThat(temp.get().referencedHashes()).contains(a, b, d.notebookObject());

    Registry reopened = temp.get();
    assertThat(reopened.schedules().lastMetricFiring("retrain")).isEmpty();
    assertThat(reopened.schedules().claimMetricFiring("retrain", Duration.ofHours(1))).isTrue();
    assertThat(reopened.schedules().claimMetricFiring("retrain", Duration.ofHours(1))).isFalse();
    assertThat(reopened.schedules().lastMetricFiring("retrain")).isPresent();
    reopened.schedules().promote(withTrigger, "bob");
    assertThat(reopened.schedules().claimMetricFiring("retrain", Duration.ofHours(1)))
        .as("promoting again does not restart the cooldown")
        .isFalse();
    assertThat(reopened.schedules().claimMetricFiring("retrain", Duration.ofMillis(1))).isTrue();
  }

  @Test
  void aPipelineScheduleKeepsItsGridAndANotebookScheduleCannotHaveOne() {
    Registry registry = temp.get();
    Schedule d = draft(registry, "sweep", "0 0 6 * * ?", null);
    String grid = "{\"grid\":[\"train.epochs=10,20\"],\"promoteBest\":\"accuracy\"}";
    Schedule pipeline = withGrid(d, Map.of("03-train.ipynb", d.notebookObject()), grid);
    Schedule saved = registry.schedules().promote(pipeline, "alice");
    assertThat(saved.grid()).isEqualTo(grid);
    assertThat(temp.reopen().schedules().get("sweep").grid()).isEqualTo(grid);
    assertThatThrownBy(() -> withGrid(d, Map.of(), grid))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("promote the pipeline's folder");
  }

  private static Schedule withGrid(Schedule d, Map<String, String> notebooks, String grid) {
    return new Schedule(
        d.name(),
        "/work/notebooks",
        "notebooks",
        d.notebookObject(),
        null,
        d.cron(),
        d.timeZone(),
        null,
        null,
        Map.of(),
        d.misfire(),
        d.concurrency(),
        0,
        d.retryDelay(),
        null,
        null,
        false,
        null,
        null,
        0,
        null,
        null,
        notebooks,
        null,
        grid);
  }

  @Test
  void aScheduleWithOnlyAMetricTriggerIsValidAndOneWithoutAnyIsNot() {
    assertThatThrownBy(() -> new MetricTrigger(null, null, null, 30))
        .hasMessageContaining("--on-metric or --on-drift");
    assertThatThrownBy(() -> new MetricTrigger("m@p:live_accuracy < 1", null, Duration.ZERO, 30))
        .hasMessageContaining("--cooldown");
    assertThatThrownBy(() -> new MetricTrigger("m@p:live_accuracy < 1", null, null, 0))
        .hasMessageContaining("--min-evidence");
    MetricTrigger ok = new MetricTrigger("m@p:live_accuracy < 1", null, null, 30);
    assertThat(ok.cooldown()).isEqualTo(MetricTrigger.DEFAULT_COOLDOWN);
    assertThat(ok.describe()).isEqualTo("on-metric m@p:live_accuracy < 1");
  }
}
