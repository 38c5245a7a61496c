package dev.nbfactory.runner.schedule;

import dev.nbfactory.magics.schedule.CronSchedule;
import dev.nbfactory.registry.MisfirePolicy;
import dev.nbfactory.registry.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which fire times to run when a schedule comes due: the one on time (due within the tolerance)
 * always runs; those missed before it (the scheduler was down, or busy) follow the misfire policy:
 * skip none, the newest once, or all up to {@link Schedule#MAX_CATCH_UP}.
 *
 * @param run fire times to run, oldest first
 * @param skipped how many missed fire times the policy drops
 * @param handledUpTo the newest fire time considered: the next catch-up starts after it
 */
public record CatchUp(List<Instant> run, int skipped, Instant handledUpTo) {
  /** More missed fire times than this are not even listed (a 1-second cron down for a day). */
  static final int SCAN_LIMIT = 100_000;

  public static CatchUp plan(
      CronSchedule cron,
      Instant lastHandled,
      Instant now,
      Duration tolerance,
      MisfirePolicy policy) {
    List<Instant> due = cron.between(lastHandled, now, SCAN_LIMIT);
    if (due.isEmpty()) {
      return new CatchUp(List.of(), 0, lastHandled);
    }
    Instant newest = due.get(due.size() - 1);
    boolean onTime = !newest.isBefore(now.minus(tolerance));
    List<Instant> missed = onTime ? due.subList(0, due.size() - 1) : due;
    List<Instant> run = new ArrayList<>();
    switch (policy) {
      case SKIP -> {}
      case ONCE -> {
        if (!onTime && !missed.isEmpty()) {
          run.add(missed.get(missed.size() - 1));
        }
      }
      case ALL ->
          run.addAll(
              missed.subList(Math.max(0, missed.size() - Schedule.MAX_CATCH_UP), missed.size()));
    }
    if (onTime) {
      run.add(newest);
    }
    int skipped = due.size() - run.size();
    Instant handled = due.size() >= SCAN_LIMIT ? now : newest;
    return new CatchUp(List.copyOf(run), skipped, handled);
  }
}
