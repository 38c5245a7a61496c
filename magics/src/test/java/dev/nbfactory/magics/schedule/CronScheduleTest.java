package dev.nbfactory.magics.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 6 * * *         | 0 0 6 * * ?",
        "*/5 * * * *       | 0 */5 * * * ?",
        "30 2 * * 1-5      | 0 30 2 ? * 2-6",
        "0 0 * * 0         | 0 0 0 ? * 1",
        "0 0 * * 7         | 0 0 0 ? * 1",
        "0 0 1 * *         | 0 0 0 1 * ?",
        "0 0 * * MON-FRI   | 0 0 0 ? * MON-FRI",
        "0 0 * * */2       | 0 0 0 ? * */2",
        "@daily            | 0 0 0 * * ?",
        "@hourly           | 0 0 * * * ?",
        "0 0 6 * * ?       | 0 0 6 * * ?",
        "*/1 * * * * ?     | */1 * * * * ?",
        "0 0 6 * * ? 2030  | 0 0 6 * * ? 2030"
      })
  void unixMacroAndQuartzExpressionsReadAsQuartz(String text, String quartz) {
    assertThat(CronSchedule.parse(text, "UTC").expression()).isEqualTo(quartz);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "every day         | 2 fields",
        "0 6 * *           | 4 fields",
        "61 * * * *        | invalid cron expression",
        "0 0 1 * 1         | cannot combine",
        "0 0 * * 9         | out of range"
      })
  void badExpressionsSayWhatToWrite(String text, String message) {
    assertThatThrownBy(() -> CronSchedule.parse(text, "UTC"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .hasMessageContaining("'");
  }

  /** Issue 16, item 2: Quartz reads some out-of-range values as "every"; we refuse them. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "99 * * * *         | the minute field '99': 99 is out of range: use 0-59",
        "0 99 * * *         | the hour field '99': 99 is out of range: use 0-23",
        "60 * * * *         | the minute field '60'",
        "75 * * * *         | the minute field '75'",
        "*/0 * * * *        | a step of 0 never advances",
        "0 */0 * * *        | the hour field '*/0': a step of 0",
        "0 0 32 * *         | the day of month field '32'",
        "0 0 0 * *          | the day of month field '0'",
        "0 0 * 13 *         | the month field '13'",
        "0 0 * * 8          | day of week 8",
        "0 0 31 2 *         | can never fire",
        "0 0 0 30 2 ?       | can never fire",
        "0 0 0 * * ? 2020   | can never fire",
        "0 0 0 * * ? 3000   | the year field '3000'",
        "61 0 0 * * ?       | the second field '61'",
        "0 5-1 * * *        | the range 5-1 runs backwards",
        "0 0 * * MON-FOO    | 'FOO' is not a number or a name",
        "0 0 1-5/0 * *      | a step of 0",
        "99999999999 * * * * | the minute field '99999999999': 99999999999 is out of range",
        "0 0 * * 99999999999 | day of week 99999999999",
        "*/99999999999 * * * * | the minute field '*/99999999999'",
        "0 0 * * 0#6        | the day of week field"
      })
  void outOfRangeValuesZeroStepsAndExpressionsThatNeverFireAreRefused(String cron, String why) {
    assertThatThrownBy(
            () -> CronSchedule.parse(cron.strip(), null).requireFutureFiring(cron, Instant.now()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(why.strip());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "59 23 31 12 *      | 0 59 23 31 12 ?",
        "*/15 * * * *       | 0 */15 * * * ?",
        "0 6 * * 0,7        | 0 0 6 ? * 1,1",
        "0 6 * * MON-FRI    | 0 0 6 ? * MON-FRI",
        "0 6 1-7 JAN-MAR *  | 0 0 6 1-7 JAN-MAR ?",
        "0 0 6 L * ?        | 0 0 6 L * ?",
        "0 0 6 ? * 6L       | 0 0 6 ? * 6L",
        "0 0 6 ? * 2#1      | 0 0 6 ? * 2#1",
        "0 6 * * 0#1        | 0 0 6 ? * 1#1",
        "0 6 * * 5#3        | 0 0 6 ? * 6#3",
        "0 0 6 15W * ?      | 0 0 6 15W * ?",
        "0 0 0 29 2 ?       | 0 0 0 29 2 ?",
        "0 0 12 * * ? 2099  | 0 0 12 * * ? 2099"
      })
  void everyRangeEdgeAndQuartzDayFormStillParses(String cron, String quartz) {
    assertThat(CronSchedule.parse(cron.strip(), null).expression()).isEqualTo(quartz.strip());
  }

  @Test
  void anUnknownTimeZoneNamesTheFix() {
    assertThatThrownBy(() -> CronSchedule.parse("0 6 * * *", "Europe/Berlinn"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown time zone 'Europe/Berlinn'")
        .hasMessageContaining("Europe/Berlin");
  }

  /** One fire a day, every day, across both of Berlin's 2026 clock changes (RELIABILITY 15). */
  @Test
  void aDailyRunInTheSkippedOrRepeatedHourRunsExactlyOnceADay() {
    CronSchedule cron = CronSchedule.parse("30 2 * * *", "Europe/Berlin");
    for (String changeDay : List.of("2026-03-29", "2026-10-25")) {
      LocalDate day = LocalDate.parse(changeDay);
      Instant from = day.minusDays(3).atStartOfDay(BERLIN).toInstant();
      Instant to = day.plusDays(3).atStartOfDay(BERLIN).toInstant();
      List<Instant> fires = cron.between(from, to, 100);
      Map<LocalDate, Long> perDay =
          fires.stream()
              .collect(
                  Collectors.groupingBy(
                      t -> t.atZone(BERLIN).toLocalDate(), Collectors.counting()));
      assertThat(fires).hasSize(6);
      assertThat(perDay.values()).containsOnly(1L);
      assertThat(perDay).containsKey(day);
    }
    // spring: 02:30 does not exist on 29 March; the run comes when the clock jumps, at 03:30 CEST
    assertThat(cron.nextAfter(Instant.parse("2026-03-28T12:00:00Z")).atZone(BERLIN))
        .isEqualTo(ZonedDateTime.parse("2026-03-29T03:30+02:00[Europe/Berlin]"));
    // autumn: 02:30 happens twice on 25 October; the run comes at the first, and not again
    Instant first = cron.nextAfter(Instant.parse("2026-10-24T12:00:00Z"));
    assertThat(first).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(cron.nextAfter(first)).isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
    assertThat(cron.nextAfter(Instant.parse("2026-10-25T01:10:00Z")))
        .isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
  }

  @Test
  void hourlyRunsFollowRealTimeAcrossTheChange() {
    CronSchedule hourly = CronSchedule.parse("0 * * * *", "Europe/Berlin");
    Instant springDay = LocalDate.parse("2026-03-29").atStartOfDay(BERLIN).toInstant();
    Instant autumnDay = LocalDate.parse("2026-10-25").atStartOfDay(BERLIN).toInstant();
    // 23 real hours on the spring day, 25 on the autumn day: one run per real hour, none twice
    assertThat(hourly.between(springDay.minusSeconds(1), springDay.plusSeconds(23 * 3600 - 1), 100))
        .hasSize(23)
        .doesNotHaveDuplicates();
    assertThat(hourly.between(autumnDay.minusSeconds(1), autumnDay.plusSeconds(25 * 3600 - 1), 100))
        .hasSize(25)
        .doesNotHaveDuplicates();
  }
}
