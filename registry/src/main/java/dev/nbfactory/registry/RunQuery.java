package dev.nbfactory.registry;

/**
 * Filters and order for listing runs. Values are bound as parameters; the sort key is one of a
 * fixed set, so nothing a user types becomes SQL.
 */
public record RunQuery(
    String stage, RunStatus status, RunKind kind, Sort sort, boolean ascending, int limit) {

  /** Keys runs can be ordered by. */
  public enum Sort {
    STARTED("r.started_at"),
    ENDED("r.ended_at"),
    STAGE("s.name"),
    STATUS("r.status"),
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

  public static RunQuery all() {
    return new RunQuery(null, null, null, Sort.STARTED, false, 0);
  }

  public RunQuery withStage(String value) {
    return new RunQuery(value, status, kind, sort, ascending, limit);
  }

  public RunQuery withStatus(RunStatus value) {
    return new RunQuery(stage, value, kind, sort, ascending, limit);
  }

  public RunQuery withKind(RunKind value) {
    return new RunQuery(stage, status, value, sort, ascending, limit);
  }

  public RunQuery sortedBy(Sort value, boolean asc) {
    return new RunQuery(stage, status, kind, value, asc, limit);
  }

  public RunQuery limit(int value) {
    return new RunQuery(stage, status, kind, sort, ascending, value);
  }
}
