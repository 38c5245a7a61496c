package dev.nbfactory.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A promoted notebook: the pinned bytes a scheduler runs (an object in the artifact store), what
 * fires it (a cron expression in a time zone, and/or each new version of an artifact), the
 * parameters it is run with, and its policies. Who promoted it and when are part of the record:
 * promotion is an explicit act, never implied by opening or trusting a notebook.
 *
 * @param cron the normalized Quartz expression (seconds first), or null for an artifact trigger
 * @param onNew the artifact whose every new version fires it, or null
 * @param onNewFile an absolute glob ({@code /data/incoming/*.csv}): each new or changed file that
 *     matches fires it; or null
 * @param timeout how long one run may take before it is killed and marked TIMED_OUT; null: no limit
 * @param onFailure a shell command run after the last failed attempt, or null
 * @param promotion 1 on first promotion, one more each time the notebook is promoted again
 * @param lastFireAt firings up to this instant are done or forgiven: where catch-up starts
 * @param metric what fires it from a served model's live figures, or null
 * @param stageNotebooks for a schedule of a folder of stage notebooks, run as one pipeline: each
 *     notebook's file name and the object its bytes are pinned as ({@code notebookObject} is then
 *     the pinned manifest of them all, and {@code notebookFile} the folder's name); empty for a
 *     notebook
 * @param pipelineFrom for a pipeline, the stage a firing starts from (it and what follows it run;
 *     the stages before are read from the registry as they are); null for the whole pipeline
 * @param grid for a pipeline, the grid a firing runs it over as one experiment: JSON of the {@code
 *     --grid} values, the pinned text of the {@code --grid-file} and {@code --promote-best}, as
 *     {@code factory promote DIR --grid ...} wrote it; null for one run of the pipeline
 */
public record Schedule(
    String name,
    String notebookPath,
    String notebookFile,
    String notebookObject,
    String notebookHash,
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
    boolean paused,
    String promotedBy,
    Instant promotedAt,
    int promotion,
    Instant lastFireAt,
    MetricTrigger metric,
    Map<String, String> stageNotebooks,
    String pipelineFrom,
    String grid) {
  /** The most catch-up runs policy {@link MisfirePolicy#ALL} starts after a downtime. */
  public static final int MAX_CATCH_UP = 20;

  /** What fires it, as a person reads it: {@code 0 0 6 * * ? UTC; on new cancer-raw}. */
  public String trigger() {
    List<String> parts = new ArrayList<>();
    if (cron != null) {
      parts.add(cron + " " + timeZone);
    }
    if (onNew != null) {
      parts.add("on new " + onNew);
    }
    if (onNewFile != null) {
      parts.add("on new file " + onNewFile);
    }
    if (metric != null) {
      parts.add(metric.describe());
    }
    return String.join("; ", parts);
  }

  public static final int MAX_RETRIES = 100;

  public Schedule {
    ArtifactNames.validateStage(name);
    Objects.requireNonNull(notebookObject, "notebookObject");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(misfire, "misfire");
    Objects.requireNonNull(concurrency, "concurrency");
    parameters = parameters == null ? Map.of() : unmodifiable(parameters);
    retryDelay = retryDelay == null ? Duration.ZERO : retryDelay;
    if (cron == null && onNew == null && onNewFile == null && metric == null) {
      throw new InvalidInputException(
          "schedule '"
              + name
              + "' has no trigger: give --cron EXPR, --on-new ARTIFACT, --on-new-file GLOB or"
              + " --on-metric CONDITION");
    }
    stageNotebooks = stageNotebooks == null ? Map.of() : unmodifiable(stageNotebooks);
    for (String file : stageNotebooks.keySet()) {
      if (!file.endsWith(".ipynb") || file.contains("/") || file.startsWith(".")) {
        throw new InvalidInputException("a pipeline's stage notebook must be an .ipynb file name");
      }
    }
    if (pipelineFrom != null && stageNotebooks.isEmpty()) {
      throw new InvalidInputException(
          "--from " + pipelineFrom + " names a stage of a pipeline: promote the pipeline's folder");
    }
    if (grid != null && stageNotebooks.isEmpty()) {
      throw new InvalidInputException(
          "--grid runs a pipeline over a grid: promote the pipeline's folder, not one notebook");
    }
    if (onNewFile != null && !onNewFile.startsWith("/")) {
      throw new InvalidInputException(
          "--on-new-file " + onNewFile + ": the stored glob must be absolute");
    }
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new InvalidInputException(
          "--retries " + retries + " is out of range: use 0 to " + MAX_RETRIES);
    }
    if (retryDelay.isNegative() || timeout != null && (timeout.isNegative() || timeout.isZero())) {
      throw new InvalidInputException("--retry-delay and --timeout must be positive durations");
    }
  }

  /** A schedule without a grid, as schedules were before schema 12. */
  public Schedule(
      String name,
      String notebookPath,
      String notebookFile,
      String notebookObject,
      String notebookHash,
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
      boolean paused,
      String promotedBy,
      Instant promotedAt,
      int promotion,
      Instant lastFireAt,
      MetricTrigger metric,
      Map<String, String> stageNotebooks,
      String pipelineFrom) {
    this(
        name,
        notebookPath,
        notebookFile,
        notebookObject,
        notebookHash,
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
        paused,
        promotedBy,
        promotedAt,
        promotion,
        lastFireAt,
        metric,
        stageNotebooks,
        pipelineFrom,
        null);
  }

  /** A notebook schedule without a metric trigger, as schedules were before schema 10. */
  public Schedule(
      String name,
      String notebookPath,
      String notebookFile,
      String notebookObject,
      String notebookHash,
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
      boolean paused,
      String promotedBy,
      Instant promotedAt,
      int promotion,
      Instant lastFireAt) {
    this(
        name,
        notebookPath,
        notebookFile,
        notebookObject,
        notebookHash,
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
        paused,
        promotedBy,
        promotedAt,
        promotion,
        lastFireAt,
        null,
        Map.of(),
        null,
        null);
  }

  private static Map<String, String> unmodifiable(Map<String, String> in) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(in));
  }

  /**
   * The parameters fit to show. Promotion keeps a secret as a reference ({@code env:NAME}), never
   * its value; a value named like a secret that is not a reference (kept before promotion refused
   * them) reads {@link Secrets#MASK}.
   */
  public Map<String, String> shownParameters() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    parameters.forEach(
        (k, v) ->
            out.put(
                k, Secrets.looksSecret(k) && !SecretReference.isReference(v) ? Secrets.MASK : v));
    return out;
  }

  /** A copy with the bookkeeping a promotion sets: who, when, and which promotion this is. */
  public Schedule promoted(String by, Instant at, int number) {
    return new Schedule(
        name,
        notebookPath,
        notebookFile,
        notebookObject,
        notebookHash,
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
        false,
        by,
        at,
        number,
        at,
        metric,
        stageNotebooks,
        pipelineFrom,
        grid);
  }

  /** Whether it runs a folder of stage notebooks as one pipeline. */
  public boolean pipeline() {
    return !stageNotebooks.isEmpty();
  }

  /** How many attempts one firing gets: the first and its retries. */
  public int attempts() {
    return retries + 1;
  }
}
