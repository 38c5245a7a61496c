package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormatTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  @ParameterizedTest
  @CsvSource({
    "0, just now",
    "59, just now",
    "60, 1 min ago",
    "3599, 59 min ago",
    "7200, 2 h ago",
    "86399, 23 h ago",
    "432000, 5 d ago",
    "2592000, 2026-10-26",
    "-30, just now"
  })
  void relativeTimes(long secondsAgo, String expected) {
    assertThat(Format.ago(NOW.minusSeconds(secondsAgo), NOW)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0.0 s",
    "1234, 1.2 s",
    "59999, 60.0 s",
    "184000, 3 min 4 s",
    "7500000, 2 h 5 min",
    "273600000, 3 d 4 h"
  })
  void durations(long millis, String expected) {
    assertThat(Format.duration(Duration.ofMillis(millis))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0, 0 B", "1023, 1023 B", "1024, 1.0 KiB", "1300000, 1.2 MiB", "5368709120, 5.0 GiB"})
  void sizes(long bytes, String expected) {
    assertThat(Format.size(bytes)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "0.91, 0.91",
    "10.0, 10",
    "0.123456, 0.1235",
    "12345.678, 12345.7",
    "1e-7, 0.0000001"
  })
  void shortNumbers(double value, String expected) {
    assertThat(Format.shortNumber(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "0s, 0",
    "30s, 30",
    "30m, 1800",
    "2h, 7200",
    "7d, 604800",
    "1w, 604800",
    "1h30m, 5400",
    "' 24H ', 86400",
    "PT2H, 7200",
    "500ms, 0"
  })
  void graceDurations(String text, long seconds) {
    assertThat(Durations.parse(text).getSeconds()).isEqualTo(seconds);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "2", "-1h", "h", "1.5h", "PT-1H", "1h 30m"})
  void badDurationsAreRefused(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("invalid duration");
  }
}
