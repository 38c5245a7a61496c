package dev.nbfactory.kernel.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogMagicTest {
  private final PrintStream sink =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  private final LogRouter logs = new LogRouter(sink, () -> true, sink);

  @ParameterizedTest
  @CsvSource({
    "info, INFO",
    "WARN, WARNING",
    "warning, WARNING",
    "error, SEVERE",
    "debug, FINE",
    "trace, FINEST",
    "Finer, FINER",
    "off, OFF",
    "all, ALL"
  })
  void levelsByJulNameOrTheUsualAlias(String name, String level) {
    assertThat(LogMagic.level(name)).isEqualTo(Level.parse(level));
  }

  @Test
  void setsShowsAndForgetsALoggersLevel() {
    try {
      setsShowsAndForgets();
    } finally {
      logs.uninstall(); // the root logger's own level back
    }
  }

  private void setsShowsAndForgets() {
    assertThat(LogMagic.run(logs, List.of("org.tribuo", "INFO")))
        .isEqualTo("org.tribuo: INFO and above show in cells\n");
    assertThat(logs.cellLevel("org.tribuo.common.sgd")).isEqualTo(Level.INFO);
    assertThat(LogMagic.run(logs, List.of("org.tribuo")))
        .isEqualTo("org.tribuo: INFO and above show in cells\n");
    assertThat(LogMagic.run(logs, List.of()))
        .contains("(every logger)                 WARNING")
        .contains("org.tribuo                     INFO")
        .contains("The kernel's log (stderr) gets INFO and above.");
    assertThat(LogMagic.run(logs, List.of("org.tribuo", "default")))
        .isEqualTo("org.tribuo: WARNING and above show in cells\n");
    assertThat(LogMagic.run(logs, List.of("fine")))
        .isEqualTo("every logger: FINE and above show in cells\n");
    assertThat(LogMagic.run(logs, List.of("com.x", "off")))
        .isEqualTo("com.x: nothing shows in cells\n");
    assertThat(java.util.logging.Logger.getLogger("").getLevel()).isEqualTo(Level.FINE);
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> LogMagic.run(logs, List.of("org.tribuo", "LOUD")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'LOUD' is not a level");
    assertThatThrownBy(() -> LogMagic.run(logs, List.of("a", "b", "c")))
        .hasMessageContaining("usage: %log [LOGGER] [LEVEL]");
  }
}
