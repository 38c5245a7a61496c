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
}
