package dev.nbfactory.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.magics.schedule.CronSchedule;
import dev.nbfactory.registry.MisfirePolicy;
import dev.nbfactory.registry.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RELIABILITY 15 on a fixed clock: down for 3 intervals gives 0, 1 or 3 catch-up runs. */
class CatchUpTest {
  private static final CronSchedule EVERY_MINUTE = CronSchedule.parse("* * * * *", "UTC");
  private static final Instant LAST = Instant.parse("2026-11-25T10:00:00Z");
  private static final Duration TOLERANCE = Duration.ofSeconds(5);

  @Test
  void downForThreeIntervalsSkipOnceAll() {
    Instant back = Instant.parse("2026-11-25T10:03:30Z"); // 10:01, 10:02, 10:03 were missed
    assertThat(CatchUp.plan(EVERY_MINUTE, LAST, back, TOLERANCE, MisfirePolicy.SKIP))
        .isEqualTo(new CatchUp(List.of(), 3, Instant.parse("2026-11-25T10:03:00Z")));
    assertThat(CatchUp.plan(EVERY_MINUTE, LAST, back, TOLERANCE, MisfirePolicy.ONCE).run())
        .containsExactly(Instant.parse("2026-11-25T10:03:00Z"));
    assertThat(CatchUp.plan(EVERY_MINUTE, LAST, back, TOLERANCE, MisfirePolicy.ALL).run())
        .containsExactly(
            Instant.parse("2026-11-25T10:01:00Z"),
            Instant.parse("2026-11-25T10:02:00Z"),
            Instant.parse("2026-11-25T10:03:00Z"));
  }

  @Test
  void theFiringOnTimeAlwaysRunsAndCatchUpIsCapped() {
    Instant onTime = Instant.parse("2026-11-25T10:01:00.200Z");
    for (MisfirePolicy p : MisfirePolicy.values()) {
      assertThat(CatchUp.plan(EVERY_MINUTE, LAST, onTime, TOLERANCE, p).run())
          .as(p.name())
          .containsExactly(Instant.parse("2026-11-25T10:01:00Z"));
    }
    Instant dayLater = Instant.parse("2026-11-26T10:00:30Z");
    CatchUp all = CatchUp.plan(EVERY_MINUTE, LAST, dayLater, TOLERANCE, MisfirePolicy.ALL);
    assertThat(all.run()).hasSize(Schedule.MAX_CATCH_UP);
    assertThat(all.skipped()).isEqualTo(24 * 60 - Schedule.MAX_CATCH_UP);
    assertThat(all.run().get(all.run().size() - 1))
        .isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    assertThat(CatchUp.plan(EVERY_MINUTE, LAST, LAST.plusSeconds(30), TOLERANCE, MisfirePolicy.ALL))
        .isEqualTo(new CatchUp(List.of(), 0, LAST));
  }

  /** A scheduler down across Berlin's spring change catches up the day's 02:30 run once. */
  @Test
  void catchUpAcrossADaylightSavingChangeNeitherSkipsNorDoubles() {
    CronSchedule daily = CronSchedule.parse("30 2 * * *", "Europe/Berlin");
    Instant last = Instant.parse("2026-03-27T12:00:00Z");
    Instant back = Instant.parse("2026-03-31T12:00:00Z");
    assertThat(CatchUp.plan(daily, last, back, TOLERANCE, MisfirePolicy.ALL).run())
        .containsExactly(
            Instant.parse("2026-03-28T01:30:00Z"),
            Instant.parse("2026-03-29T01:30:00Z"), // 03:30 CEST: 02:30 did not exist
            Instant.parse("2026-03-30T00:30:00Z"),
            Instant.parse("2026-03-31T00:30:00Z"));
  }
}
