package dev.nbfactory.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One execution of a stage, as recorded. Parameters, inputs, outputs and metrics are read through
 * {@link Registry} since a run may have many.
 *
 * @param fireTime the schedule firing this run claimed (its first attempt), or null
 * @param nominalTime when the run was due: its firing's time, for every attempt; null unless
 *     scheduled
 * @param error the failure's summary (cell, exception, message) when it did not succeed
 */
public record Run(
    String id,
    String stage,
    RunStatus status,
    RunKind kind,
    Instant startedAt,
    Instant endedAt,
    Instant heartbeatAt,
    String notebookPath,
    String notebookHash,
    String javaVersion,
    List<String> classpath,
    String gitCommit,
    String host,
    String user,
    String parentRunId,
    String schedule,
    Instant fireTime,
    Instant nominalTime,
    String error) {

  /** The tag a headless run keeps up to date with how far it has got, such as {@code 3/8 cells}. */
  public static final String PROGRESS_TAG = "progress";

  public Run {
    classpath = classpath == null ? List.of() : List.copyOf(classpath);
  }

  /** Wall time from start to end, or to now while it runs. */
  public Duration duration(Instant now) {
    return Duration.between(startedAt, endedAt != null ? endedAt : now);
  }

  /** The first 8 characters of the id: what people type and read. */
  public String shortId() {
    return id.substring(0, Math.min(8, id.length()));
  }
}
