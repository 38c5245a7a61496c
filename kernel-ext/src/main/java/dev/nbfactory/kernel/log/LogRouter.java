package dev.nbfactory.kernel.log;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.logging.ConsoleHandler;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Where libraries' {@code java.util.logging} records go while a kernel runs, in place of the root
 * logger's {@code ConsoleHandler} (which would write into whichever cell runs, as red stderr): a
 * record of {@code WARNING} or above shows in the cell that runs, a lower one only where a notebook
 * asked for it ({@code %log org.tribuo INFO}); and every record of {@code INFO} or above (the level
 * the replaced console handler had) goes to the kernel's own log, the process's real stderr: the
 * Jupyter server's log for an interactive kernel, the stage's log file for a headless one. Tribuo's
 * "Training SGD model with 427 examples" is no longer in every training cell, and a warning stands
 * out again.
 */
public final class LogRouter extends Handler {
  /** What a cell shows of a logger no one set a level for. */
  public static final Level CELL_DEFAULT = Level.WARNING;

  private final PrintStream cell;
  private final BooleanSupplier cellListening;
  private final PrintStream process;
  private final Map<String, Level> cellLevels = new ConcurrentHashMap<>();
  // Loggers whose own level a notebook lowered, held so that the level is not lost to GC.
  private final Map<String, Lowered> lowered = new ConcurrentHashMap<>();
  private final List<Handler> replaced = new ArrayList<>();
  private volatile Level processLevel = Level.INFO;
  private volatile boolean installed;

  private record Lowered(Logger logger, Level original) {}

  /**
   * @param cell the running cell's stderr
   * @param cellListening whether a cell receives {@code cell}'s output now (before the first cell,
   *     it would reach the process's stderr, which gets the record anyway)
   * @param process the process's own stderr
   */
  public LogRouter(PrintStream cell, BooleanSupplier cellListening, PrintStream process) {
    this.cell = cell;
    this.cellListening = cellListening;
    this.process = process;
    setFormatter(new SimpleFormatter());
    setLevel(Level.ALL);
  }

  /**
   * Takes the root logger's console handlers' place (keeping the lowest level one of them had for
   * the kernel's log) until {@link #uninstall}.
   */
  public synchronized void install() {
    if (installed) {
      return;
    }
    Logger root = Logger.getLogger("");
    Level level = null;
    for (Handler h : root.getHandlers()) {
      if (h instanceof ConsoleHandler) {
        level = level == null || h.getLevel().intValue() < level.intValue() ? h.getLevel() : level;
        root.removeHandler(h);
        replaced.add(h);
      }
    }
    if (level != null) {
      processLevel = level;
    }
    root.addHandler(this);
    installed = true;
  }

  /** Gives the root logger its console handlers back and loggers their own levels. */
  public synchronized void uninstall() {
    lowered.values().forEach(l -> l.logger().setLevel(l.original()));
    lowered.clear();
    if (!installed) {
      return;
    }
    Logger root = Logger.getLogger("");
    root.removeHandler(this);
    replaced.forEach(root::addHandler);
    replaced.clear();
    installed = false;
  }

  /**
   * Shows records of {@code logger} and the loggers under it ({@code org.tribuo} covers {@code
   * org.tribuo.classification.sgd}) from {@code level} up in cells; the empty name is every logger.
   * A level below what the logger logs lowers the logger's own level, so that it makes the records.
   */
  public void show(String logger, Level level) {
    cellLevels.put(logger, level);
    Logger jul = Logger.getLogger(logger);
    if (level.intValue() < effectiveLevel(jul).intValue()) {
      lowered.putIfAbsent(logger, new Lowered(jul, jul.getLevel()));
      jul.setLevel(level);
    }
  }

  /** Forgets what {@link #show} set for {@code logger}: it shows as its parent does. */
  public void reset(String logger) {
    cellLevels.remove(logger);
    Lowered l = lowered.remove(logger);
    if (l != null) {
      l.logger().setLevel(l.original());
    }
  }

  /** The lowest level of {@code logger}'s records that a cell shows. */
  public Level cellLevel(String logger) {
    String name = logger == null ? "" : logger;
    while (true) {
      Level level = cellLevels.get(name);
      if (level != null) {
        return level;
      }
      if (name.isEmpty()) {
        return CELL_DEFAULT;
      }
      int dot = name.lastIndexOf('.');
      name = dot < 0 ? "" : name.substring(0, dot);
    }
  }

  /** The levels notebooks set, by logger name ("" is every logger). */
  public Map<String, Level> cellLevels() {
    return new TreeMap<>(cellLevels);
  }

  /** The lowest level that reaches the kernel's own log. */
  public Level processLevel() {
    return processLevel;
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null) {
      return;
    }
    int level = record.getLevel().intValue();
    boolean toCell =
        level >= cellLevel(record.getLoggerName()).intValue() && cellListening.getAsBoolean();
    boolean toProcess = level >= processLevel.intValue();
    if (!toCell && !toProcess) {
      return;
    }
    String text;
    try {
      text = getFormatter().format(record);
    } catch (RuntimeException e) {
      reportError("could not format a log record", e, ErrorManager.FORMAT_FAILURE);
      return;
    }
    if (toCell) {
      cell.print(text);
      cell.flush();
    }
    if (toProcess) {
      process.print(text);
      process.flush();
    }
  }

  @Override
  public void flush() {
    cell.flush();
    process.flush();
  }

  /** Nothing to release: the streams are the kernel's. */
  @Override
  public void close() {
    flush();
  }

  private static Level effectiveLevel(Logger logger) {
    for (Logger l = logger; l != null; l = l.getParent()) {
      if (l.getLevel() != null) {
        return l.getLevel();
      }
    }
    return Level.INFO;
  }
}
