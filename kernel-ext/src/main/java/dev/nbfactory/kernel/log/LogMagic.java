package dev.nbfactory.kernel.log;

import dev.nbfactory.kernel.magic.MagicHelp;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

/**
 * {@code %log [LOGGER] [LEVEL]}: which library log records ({@code java.util.logging}) a cell
 * shows. {@code %log org.tribuo INFO} shows Tribuo's progress again, {@code %log INFO} every
 * library's, {@code %log org.tribuo default} forgets the setting; {@code %log} lists what is set.
 * Levels are java.util.logging's ({@code SEVERE WARNING INFO CONFIG FINE FINER FINEST ALL OFF}, any
 * case) or the usual aliases {@code ERROR WARN DEBUG TRACE}.
 */
public final class LogMagic {
  static final String HELP =
      "show library log records of LOGGER (and below it) from LEVEL up in cells: %log org.tribuo"
          + " INFO; WARNING and above show by default, %log LOGGER default forgets, %log alone"
          + " lists; all records from INFO up go to the kernel's log (stderr)";

  private static final Map<String, Level> ALIASES =
      Map.of(
          "ERROR", Level.SEVERE, "WARN", Level.WARNING, "DEBUG", Level.FINE, "TRACE", Level.FINEST);

  private LogMagic() {}

  public static void register(MagicsRegistry magics, MagicHelp help, LogRouter logs) {
    magics.registerLineMagic(
        "log",
        (LineMagic<Void, BaseKernel>)
            (kernel, args) -> {
              System.out.print(run(logs, args));
              return null;
            });
    help.line("log", HELP);
  }

  /** What {@code %log ARGS} does; returns what it prints. */
  static String run(LogRouter logs, List<String> args) {
    return switch (args.size()) {
      case 0 -> listing(logs);
      case 1 -> one(logs, args.get(0));
      case 2 -> set(logs, args.get(0), args.get(1));
      default ->
          throw new IllegalArgumentException(
              "usage: %log [LOGGER] [LEVEL], such as %log org.tribuo INFO");
    };
  }

  /** {@code %log LEVEL} sets every logger's level; {@code %log LOGGER} tells its level. */
  private static String one(LogRouter logs, String arg) {
    Level level = level(arg);
    if (level == null) {
      return shown(arg, logs.cellLevel(arg));
    }
    logs.show("", level);
    return shown("", level);
  }

  private static String set(LogRouter logs, String logger, String value) {
    if (value.equalsIgnoreCase("default")) {
      logs.reset(logger);
      return shown(logger, logs.cellLevel(logger));
    }
    Level level = level(value);
    if (level == null) {
      throw new IllegalArgumentException(
          "'"
              + value
              + "' is not a level: use SEVERE, WARNING, INFO, CONFIG, FINE, FINER, FINEST, ALL,"
              + " OFF (or ERROR, WARN, DEBUG, TRACE), or default");
    }
    logs.show(logger, level);
    return shown(logger, level);
  }

  private static String shown(String logger, Level level) {
    return (logger.isEmpty() ? "every logger" : logger)
        + ": "
        + (level == Level.OFF ? "nothing shows" : level + " and above show")
        + " in cells\n";
  }

  private static String listing(LogRouter logs) {
    StringBuilder out =
        new StringBuilder("Library log records (java.util.logging) shown in cells:\n");
    Map<String, Level> levels = logs.cellLevels();
    out.append(String.format("  %-30s %s%n", "(every logger)", logs.cellLevel("")));
    levels.forEach(
        (name, level) -> {
          if (!name.isEmpty()) {
            out.append(String.format("  %-30s %s%n", name, level));
          }
        });
    return out.append("The kernel's log (stderr) gets ")
        .append(logs.processLevel())
        .append(" and above.\n")
        .toString();
  }

  /** The level {@code name} names, or null. */
  static Level level(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    Level alias = ALIASES.get(upper);
    if (alias != null) {
      return alias;
    }
    try {
      return Level.parse(upper);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
