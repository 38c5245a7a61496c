package dev.nbfactory.magics.schedule;

import dev.nbfactory.registry.ConcurrencyPolicy;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.MisfirePolicy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code factory promote} and {@code %promote}, parsed the same way for both.
 *
 * @param notebook the notebook path as given, or null for the current notebook (the magic)
 * @param name the schedule's name; null for the notebook's file name without {@code .ipynb}
 */
public record PromoteOptions(
    String notebook,
    String name,
    String cron,
    String timeZone,
    String onNew,
    String onNewFile,
    Map<String, String> parameters,
    MisfirePolicy misfire,
    ConcurrencyPolicy concurrency,
    int retries,
    Duration retryDelay,
    Duration timeout,
    String onFailure,
    boolean help) {

  public static final String USAGE =
      "[NOTEBOOK] --cron EXPR | --on-new ARTIFACT | --on-new-file GLOB [--name N] [--timezone TZ] [-p NAME VALUE]..."
          + " [--misfire skip|once|all] [--concurrency allow|forbid|replace] [--retries N]"
          + " [--retry-delay D] [--timeout D] [--on-failure COMMAND]";

  /** One line per option, for help texts. */
  public static final List<String> OPTION_HELP =
      List.of(
          "--cron EXPR          when to run: 5-field Unix cron ('0 6 * * *'), @daily..., or Quartz"
              + " 6-7 fields",
          "--on-new ARTIFACT    run on each new version of an artifact (instead of or with --cron)",
          "--on-new-file GLOB   run on each new or changed file matching a glob, such as"
              + " 'data/incoming/*.csv' (relative to the working directory); files there now"
              + " fire nothing",
          "--name N             the schedule's name (default: the notebook's file name)",
          "--timezone TZ        the cron's time zone, such as Europe/Berlin (default UTC)",
          "-p NAME VALUE        a parameter, typed as factory run types it (repeatable); the"
              + " notebook's parameters cell must declare it",
          "--misfire POLICY     firings missed while down: skip (default), once, all (capped at"
              + " 20)",
          "--concurrency POLICY a firing while the last run goes on: allow, forbid (default),"
              + " replace",
          "--retries N          attempts after a failed one (default 0)",
          "--retry-delay D      wait before the first retry, doubled each time (default 30s)",
          "--timeout D          kill a run that takes longer and mark it TIMED_OUT",
          "--on-failure COMMAND a shell command run after the last failed attempt, with"
              + " FACTORY_RUN_ID, FACTORY_RUN_STATUS, FACTORY_SCHEDULE, FACTORY_RUN_ERROR ...");

  /** Where the descriptions in {@link #OPTION_HELP} start. */
  private static final int DESCRIPTION_COLUMN = 21;

  /** {@link #OPTION_HELP} wrapped to {@code width} columns, continuations under the text. */
  public static List<String> optionHelp(int width) {
    List<String> out = new java.util.ArrayList<>();
    String indent = " ".repeat(DESCRIPTION_COLUMN);
    for (String option : OPTION_HELP) {
      StringBuilder line = new StringBuilder(option.substring(0, DESCRIPTION_COLUMN));
      for (String word : option.substring(DESCRIPTION_COLUMN).split(" ")) {
        boolean first = line.length() == DESCRIPTION_COLUMN;
        if (!first && line.length() + 1 + word.length() > width) {
          out.add(line.toString());
          line = new StringBuilder(indent);
          first = true;
        }
        line.append(first ? "" : " ").append(word);
      }
      out.add(line.toString());
    }
    return out;
  }

  public PromoteOptions {
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** Parses arguments as a shell split them; errors name the option and the fix. */
  public static PromoteOptions parse(List<String> args) {
    String notebook = null;
    String name = null;
    String cron = null;
    String timeZone = null;
    String onNew = null;
    String onNewFile = null;
    Map<String, String> parameters = new LinkedHashMap<>();
    MisfirePolicy misfire = MisfirePolicy.SKIP;
    ConcurrencyPolicy concurrency = ConcurrencyPolicy.FORBID;
    int retries = 0;
    Duration retryDelay = Duration.ofSeconds(30);
    Duration timeout = null;
    String onFailure = null;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String inline = null;
      if (arg.startsWith("--") && arg.contains("=")) {
        inline = arg.substring(arg.indexOf('=') + 1);
        arg = arg.substring(0, arg.indexOf('='));
      }
      switch (arg) {
        case "-h", "--help" -> help = true;
        case "--cron" -> cron = inline != null ? inline : value(args, ++i, arg);
        case "--name" -> name = inline != null ? inline : value(args, ++i, arg);
        case "--timezone", "--tz" -> timeZone = inline != null ? inline : value(args, ++i, arg);
        case "--on-new" -> onNew = inline != null ? inline : value(args, ++i, arg);
        case "--on-new-file" -> onNewFile = inline != null ? inline : value(args, ++i, arg);
        case "--misfire" ->
            misfire = MisfirePolicy.parse(inline != null ? inline : value(args, ++i, arg));
        case "--concurrency" ->
            concurrency = ConcurrencyPolicy.parse(inline != null ? inline : value(args, ++i, arg));
        case "--retries" -> retries = integer(inline != null ? inline : value(args, ++i, arg), arg);
        case "--retry-delay" ->
            retryDelay = DurationText.parse(inline != null ? inline : value(args, ++i, arg), arg);
        case "--timeout" ->
            timeout = DurationText.parse(inline != null ? inline : value(args, ++i, arg), arg);
        case "--on-failure" -> onFailure = inline != null ? inline : value(args, ++i, arg);
        case "-p", "--parameters" -> {
          String key = value(args, ++i, arg);
          String val = value(args, ++i, arg + " " + key);
          if (parameters.put(key, val) != null) {
            throw new InvalidInputException(
                "parameter '" + key + "' is given twice: keep one -p " + key + " VALUE");
          }
        }
        default -> {
          if (arg.startsWith("-") && arg.length() > 1) {
            throw new InvalidInputException(
                "unknown option '" + arg + "': the options are " + USAGE);
          }
          if (notebook != null) {
            throw new InvalidInputException(
                "two notebooks given ('"
                    + notebook
                    + "' and '"
                    + arg
                    + "'): promote one at a time; quote a --cron expression with spaces");
          }
          notebook = arg;
        }
      }
    }
    if (!help && cron == null && onNew == null && onNewFile == null) {
      throw new InvalidInputException(
          "say when to run it: --cron \"0 6 * * *\" (every day at 06:00), --on-new ARTIFACT, or"
              + " --on-new-file 'data/incoming/*.csv'");
    }
    if (timeout != null && timeout.isZero()) {
      throw new InvalidInputException("--timeout 0 would kill every run: give a positive duration");
    }
    return new PromoteOptions(
        notebook,
        name,
        cron,
        timeZone,
        onNew,
        onNewFile,
        parameters,
        misfire,
        concurrency,
        retries,
        retryDelay,
        timeout,
        onFailure,
        help);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new InvalidInputException(option + " needs a value: " + USAGE);
    }
    return args.get(i);
  }

  private static int integer(String text, String option) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(option + " takes a whole number, not '" + text + "'");
    }
  }
}
