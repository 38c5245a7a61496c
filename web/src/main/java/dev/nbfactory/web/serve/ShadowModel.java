package dev.nbfactory.web.serve;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import tech.tablesaw.api.Table;

/**
 * A model that scores every request beside production, following its own alias or pinned to a
 * version; its decisions are logged, never answered. A request it cannot score (a field it lacks,
 * one of another type) loses only its shadow rows: the problem is said once, and production's
 * answer is unaffected.
 */
final class ShadowModel implements AutoCloseable {
  /** Distinct problems said at most; past that, new ones are still skipped, silently. */
  private static final int MAX_PROBLEMS = 100;

  private final AliasFollower model;
  private final Consumer<String> warn;
  private final Set<String> said = ConcurrentHashMap.newKeySet();

  ShadowModel(AliasFollower model, Consumer<String> warn) {
    this.model = model;
    this.warn = warn;
  }

  /** The version scoring now. */
  ServedModel current() {
    return model.current();
  }

  /** This shadow's decisions for {@code rows}, or null when it cannot score them. */
  DecisionLog.Scored score(Table rows) {
    ServedModel served = model.current();
    try {
      return new DecisionLog.Scored(served, served.score(rows));
    } catch (RuntimeException e) {
      String problem = served.version().ref() + " cannot score a request: " + e.getMessage();
      if (said.size() < MAX_PROBLEMS && said.add(problem)) {
        warn.accept("shadow " + problem + "; its rows are not logged, production answers on");
      }
      return null;
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
