package dev.nbfactory.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Filters, order and page for listing runs. Values are bound as parameters; the sort key is one of
 * a fixed set or a metric key that is bound too, so nothing a user types becomes SQL.
 *
 * <p>Tag and parameter filters are ANDed; a null value asks only that the run has the tag or
 * parameter. A secret parameter's value is never stored, so it never matches a value. When {@code
 * sortMetric} is set, runs order by their latest value of that metric (runs without it last, in
 * either direction; ties newest first) instead of by {@code sort}.
 */
public record RunQuery(
    String stage,
    RunStatus status,
    RunKind kind,
    Sort sort,
    boolean ascending,
    int limit,
    int offset,
    List<Match> tags,
    List<Match> parameters,
    String sortMetric) {

  /** Keys runs can be ordered by. */
  public enum Sort {
    STARTED("r.started_at"),
    ENDED("r.ended_at"),
    STAGE("s.name"),
    STATUS("r.status"),
    KIND("r.kind"),
    DURATION("(COALESCE(r.ended_at, r.heartbeat_at) - r.started_at)");

    private final String expression;

    Sort(String expression) {
      this.expression = expression;
    }

    /** The SQL this key orders by: fixed text chosen here, never from input. */
    public String expression() {
      return expression;
    }

    public static Sort parse(String text) {
      return Enums.parse(Sort.class, text, "sort key");
    }
  }

  /** A tag or parameter the run must have; with a null value, any value. */
  public record Match(String name, String value) {
    public Match {
      if (name == null || name.isEmpty()) {
        throw new InvalidInputException("a tag or parameter filter needs a name");
      }
    }
  }

  public RunQuery {
    tags = List.copyOf(tags);
    parameters = List.copyOf(parameters);
    if (limit < 0) {
      throw new InvalidInputException("limit must be 0 (no limit) or more, not " + limit);
    }
    if (offset < 0) {
      throw new InvalidInputException("offset must be 0 or more, not " + offset);
    }
    if (sortMetric != null && sortMetric.isBlank()) {
      throw new InvalidInputException("give the metric key to sort by");
    }
  }

  public static RunQuery all() {
    return new RunQuery(null, null, null, Sort.STARTED, false, 0, 0, List.of(), List.of(), null);
  }

  public RunQuery withStage(String value) {
    return new RunQuery(
        value, status, kind, sort, ascending, limit, offset, tags, parameters, sortMetric);
  }

  public RunQuery withStatus(RunStatus value) {
    return new RunQuery(
        stage, value, kind, sort, ascending, limit, offset, tags, parameters, sortMetric);
  }

  public RunQuery withKind(RunKind value) {
    return new RunQuery(
        stage, status, value, sort, ascending, limit, offset, tags, parameters, sortMetric);
  }

  /** Runs that have tag {@code key}, with this value unless {@code value} is null. */
  public RunQuery withTag(String key, String value) {
    return new RunQuery(
        stage,
        status,
        kind,
        sort,
        ascending,
        limit,
        offset,
        plus(tags, new Match(key, value)),
        parameters,
        sortMetric);
  }

  /** Runs that have parameter {@code name}, with this value unless {@code value} is null. */
  public RunQuery withParameter(String name, String value) {
    return new RunQuery(
        stage,
        status,
        kind,
        sort,
        ascending,
        limit,
        offset,
        tags,
        plus(parameters, new Match(name, value)),
        sortMetric);
  }

  public RunQuery sortedBy(Sort value, boolean asc) {
    return new RunQuery(stage, status, kind, value, asc, limit, offset, tags, parameters, null);
  }

  /** Orders by each run's latest value of metric {@code key}; runs without it come last. */
  public RunQuery sortedByMetric(String key, boolean asc) {
    return new RunQuery(
        stage, status, kind, Sort.STARTED, asc, limit, offset, tags, parameters, key);
  }

  /** At most {@code value} runs; 0 for all. */
  public RunQuery limit(int value) {
    return new RunQuery(
        stage, status, kind, sort, ascending, value, offset, tags, parameters, sortMetric);
  }

  /** Skips the first {@code value} runs of the order: with {@link #limit}, one page. */
  public RunQuery offset(int value) {
    return new RunQuery(
        stage, status, kind, sort, ascending, limit, value, tags, parameters, sortMetric);
  }

  private static List<Match> plus(List<Match> list, Match match) {
    List<Match> out = new ArrayList<>(list);
    out.add(match);
    return out;
  }
}
