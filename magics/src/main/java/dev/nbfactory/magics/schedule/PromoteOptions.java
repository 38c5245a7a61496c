package dev.nbfactory.magics.schedule;

import dev.nbfactory.registry.ConcurrencyPolicy;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.MetricTrigger;
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
 * @param onMetric a condition on a served model's live figures that fires it, or null
 * @param onDrift a drift condition that fires it (its model filled in from {@code onMetric} when it
 *     named none), or null
 * @param cooldown the least time between two firings on a metric or drift condition
 * @param minEvidence outcomes (or decisions, for drift) a condition needs in its window
 * @param from for a folder, the stage a firing starts from; null for the whole pipeline
 * @param grid for a folder, the {@code --grid STAGE.NAME=V1,V2} values a firing runs it over
 * @param gridFile for a folder, a YAML file of combinations, pinned by its text at promotion
 * @param promoteBest for a grid, the metric whose best member a firing sends through the gate
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
    MetricCondition onMetric,
    MetricCondition onDrift,
    Duration cooldown,
    int minEvidence,
    String from,
    List<String> grid,
    String gridFile,
    String promoteBest,
    boolean help) {

  public static final String USAGE =
      "[NOTEBOOK | DIR] --cron EXPR | --on-new ARTIFACT | --on-new-file GLOB"
          + " | --on-metric CONDITION [--on-drift CONDITION] [--cooldown D] [--min-evidence N]"
          + " [--from STAGE] [--grid STAGE.NAME=V1,V2]... [--grid-file FILE]"
          + " [--promote-best METRIC] [--name N] [--timezone TZ] [-p NAME VALUE]..."
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
          "--on-metric COND     run when a served model's live figure crosses a threshold:"
              + " 'cancer-model@production:live_accuracy < 0.92' (live_accuracy, live_rmse, psi,"
              + " psi.FEATURE; <, <=, >, >=), checked at each poll of the scheduler",
          "--on-drift COND      run on input drift: 'cancer-model@production:psi > 0.25' (psi is the"
              + " largest of any feature; psi.FEATURE one feature); a bare 'psi > 0.25' watches"
              + " the model of --on-metric",
          "--cooldown D         after a metric or drift firing, fire again on one no sooner"
              + " (default 1h)",
          "--min-evidence N     fire only on N outcomes (decisions, for drift) in the window or"
              + " more (default 30)",
          "--from STAGE         promoting a folder (its stage notebooks, run as 'factory pipeline"
              + " run' does): run only this stage and what follows it",
          "--grid S.N=V1,V2     promoting a folder: each firing runs the pipeline over this grid"
              + " (repeatable, a cross product), as 'factory pipeline run --grid' does, as one"
              + " experiment named after the schedule",
          "--grid-file FILE     promoting a folder: a YAML list of combinations, pinned as it is now",
          "--promote-best M     with a grid: each firing sends the member best in metric M through"
              + " the gate (M:asc for lowest)",
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
    grid = grid == null ? List.of() : List.copyOf(grid);
  }

  /** Whether a grid is asked for. */
  public boolean hasGrid() {
    return !grid.isEmpty() || gridFile != null;
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
    String onMetric = null;
    String onDrift = null;
    Duration cooldown = null;
    Integer minEvidence = null;
    String from = null;
    List<String> grid = new java.util.ArrayList<>();
    String gridFile = null;
    String promoteBest = null;
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
        case "--on-metric" -> onMetric = inline != null ? inline : value(args, ++i, arg);
        case "--on-drift" -> onDrift = inline != null ? inline : value(args, ++i, arg);
        case "--cooldown" ->
            cooldown = DurationText.parse(inline != null ? inline : value(args, ++i, arg), arg);
        case "--min-evidence" ->
            minEvidence = integer(inline != null ? inline : value(args, ++i, arg), arg);
        case "--from" -> from = inline != null ? inline : value(args, ++i, arg);
        case "--grid" -> grid.add(inline != null ? inline : value(args, ++i, arg));
        case "--grid-file" -> gridFile = inline != null ? inline : value(args, ++i, arg);
        case "--promote-best" -> promoteBest = inline != null ? inline : value(args, ++i, arg);
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
    MetricCondition metric = onMetric == null ? null : MetricCondition.metric(onMetric);
    MetricCondition drift =
        onDrift == null
            ? null
            : MetricCondition.drift(onDrift, metric == null ? null : metric.model());
    if (!help
        && cron == null
        && onNew == null
        && onNewFile == null
        && metric == null
        && drift == null) {
      throw new InvalidInputException(
          "say when to run it: --cron \"0 6 * * *\" (every day at 06:00), --on-new ARTIFACT,"
              + " --on-new-file 'data/incoming/*.csv', or --on-metric \""
              + MetricCondition.EXAMPLE
              + "\"");
    }
    if (metric == null && drift == null && (cooldown != null || minEvidence != null)) {
      throw new InvalidInputException(
          (cooldown != null ? "--cooldown" : "--min-evidence")
              + " applies to a metric trigger: add --on-metric \""
              + MetricCondition.EXAMPLE
              + "\" or --on-drift, or drop it");
    }
    if (minEvidence != null && minEvidence < 1) {
      throw new InvalidInputException(
          "--min-evidence must be 1 or more, not " + minEvidence + " (the default is 30)");
    }
    if (cooldown != null && cooldown.isZero()) {
      throw new InvalidInputException(
          "--cooldown 0 would fire at every poll while the condition holds: give a duration such"
              + " as 1h");
    }
    if (promoteBest != null && grid.isEmpty() && gridFile == null) {
      throw new InvalidInputException(
          "--promote-best picks the best member of a grid: add --grid STAGE.NAME=V1,V2 or"
              + " --grid-file FILE");
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
        metric,
        drift,
        cooldown == null ? MetricTrigger.DEFAULT_COOLDOWN : cooldown,
        minEvidence == null ? MetricTrigger.DEFAULT_MIN_EVIDENCE : minEvidence,
        from,
        grid,
        gridFile,
        promoteBest,
        help);
  }

  /** The metric and drift conditions as the registry keeps them, or null when there are none. */
  public MetricTrigger metricTrigger() {
    if (onMetric == null && onDrift == null) {
      return null;
    }
    return new MetricTrigger(
        onMetric == null ? null : onMetric.text(),
        onDrift == null ? null : onDrift.text(),
        cooldown,
        minEvidence);
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
