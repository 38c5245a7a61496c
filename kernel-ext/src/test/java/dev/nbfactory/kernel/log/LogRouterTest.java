package dev.nbfactory.kernel.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Which records reach the cell and which the kernel's log, and what {@code %log} changes. */
class LogRouterTest {
  private final ByteArrayOutputStream cellBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream processBytes = new ByteArrayOutputStream();
  private final AtomicBoolean cellRuns = new AtomicBoolean(true);
  private final LogRouter logs =
      new LogRouter(stream(cellBytes), cellRuns::get, stream(processBytes));

  private static PrintStream stream(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }

  private String cell() {
    return cellBytes.toString(StandardCharsets.UTF_8);
  }

  private String process() {
    return processBytes.toString(StandardCharsets.UTF_8);
  }

  private void log(String logger, Level level, String message) {
    LogRecord r = new LogRecord(level, message);
    r.setLoggerName(logger);
    logs.publish(r);
  }

  @Test
  void infoGoesToTheKernelsLogOnlyAndWarningsAlsoToTheCell() {
    log("org.tribuo.common.sgd.AbstractSGDTrainer", Level.INFO, "Training SGD model");
    log("x", Level.WARNING, "w");
    log("x", Level.SEVERE, "s");
    log("x", Level.FINE, "fine");
    assertThat(cell()).doesNotContain("Training SGD model").contains("WARNING: w", "SEVERE: s");
    assertThat(process()).contains("INFO: Training SGD model", "WARNING: w", "SEVERE: s");
    assertThat(cell() + process()).doesNotContain("fine");
  }

  @Test
  void aLevelSetForALoggerHoldsForTheLoggersUnderItUntilReset() {
    logs.show("org.tribuo", Level.INFO);
    log("org.tribuo.common.sgd.AbstractSGDTrainer", Level.INFO, "Training SGD model");
    log("org.tribuonot", Level.INFO, "a sibling, not a child");
    log("other", Level.INFO, "other info");
    assertThat(cell()).contains("INFO: Training SGD model").doesNotContain("sibling", "other");
    assertThat(logs.cellLevel("org.tribuo.classification")).isEqualTo(Level.INFO);
    assertThat(logs.cellLevel("org")).isEqualTo(Level.WARNING);

    logs.show("", Level.OFF);
    log("other", Level.SEVERE, "hidden from cells");
    assertThat(cell()).doesNotContain("hidden from cells");
    assertThat(process()).contains("hidden from cells");

    logs.reset("org.tribuo");
    logs.reset("");
    assertThat(logs.cellLevel("org.tribuo.x")).isEqualTo(LogRouter.CELL_DEFAULT);
    assertThat(logs.cellLevels()).isEmpty();
  }

  @Test
  void beforeAnyCellRecordsGoToTheKernelsLogOnce() {
    cellRuns.set(false);
    log("x", Level.WARNING, "early");
    assertThat(cell()).isEmpty();
    assertThat(process()).containsOnlyOnce("early");
  }

  @Test
  void aLevelBelowTheLoggersOwnLowersItUntilResetOrUninstalled() {
    Logger logger = Logger.getLogger("dev.nbfactory.test.lowered");
    assertThat(logger.isLoggable(Level.FINE)).isFalse();
    logs.show("dev.nbfactory.test.lowered", Level.FINE);
    assertThat(logger.isLoggable(Level.FINE)).isTrue();
    logs.reset("dev.nbfactory.test.lowered");
    assertThat(logger.getLevel()).isNull();
    logs.show("dev.nbfactory.test.lowered", Level.FINEST);
    logs.install();
    logs.uninstall();
    assertThat(logger.getLevel()).isNull();
  }

  @Test
  void installTakesTheConsoleHandlersPlaceAndUninstallGivesItBack() {
    Logger root = Logger.getLogger("");
    List<Handler> before = List.of(root.getHandlers());
    ConsoleHandler console = new ConsoleHandler();
    console.setLevel(Level.CONFIG);
    root.addHandler(console);
    try {
      logs.install();
      assertThat(root.getHandlers()).contains(logs).doesNotContain(console);
      assertThat(logs.processLevel()).isEqualTo(Level.CONFIG);
      Logger.getLogger("dev.nbfactory.test.root").warning("through the root logger");
      assertThat(cell()).contains("WARNING: through the root logger");
      logs.uninstall();
      assertThat(root.getHandlers()).contains(console).doesNotContain(logs);
    } finally {
      logs.uninstall();
      root.removeHandler(console);
    }
    assertThat(List.of(root.getHandlers())).containsExactlyInAnyOrderElementsOf(before);
  }
}
