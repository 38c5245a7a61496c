package dev.nbfactory.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads for browsing a registry, from {@link Registry#queries()}: the columns of a page of runs in
 * one query each (not one per run), the names those columns can show, several runs compared, and
 * artifacts and stages found by part of their name. A page of runs itself comes from {@link
 * Registry#runs} and its total from {@link Registry#countRuns}.
 */
public final class RegistryQueries {
  /** The most runs {@link #compare} puts side by side. */
  public static final int MAX_COMPARED = 20;

  private final Database database;

  RegistryQueries(Database database) {
    this.database = database;
  }

  /** Each run's latest value of each metric, by key; every id given maps, empty if none. */
  public Map<String, Map<String, Double>> latestMetrics(Collection<String> runIds) {
    return database.read(c -> MetricSql.latest(c, runIds));
  }

  /** Each run's parameters by name, secrets masked as {@link Registry#parameters} reads them. */
  public Map<String, List<Parameter>> parameters(Collection<String> runIds) {
    return database.read(c -> RunTableSql.parameters(c, runIds));
  }

  /** Each run's tags by key; every id given maps, empty if none. */
  public Map<String, Map<String, String>> runTags(Collection<String> runIds) {
    return database.read(c -> RunTableSql.tags(c, runIds));
  }

  /** The metric keys runs recorded, sorted: all runs', or one stage's if not null. */
  public List<String> metricKeys(String stageOrNull) {
    return database.read(c -> MetricSql.keys(c, stageOrNull));
  }

  /** The parameter names runs recorded, sorted: all runs', or one stage's if not null. */
  public List<String> parameterNames(String stageOrNull) {
    return database.read(c -> RunTableSql.parameterNames(c, stageOrNull));
  }

  /**
   * 2 to {@value #MAX_COMPARED} runs side by side, by id or unambiguous prefix, in the order given:
   * their parameters and latest metric values.
   */
  public RunComparison compare(List<String> runIdsOrPrefixes) {
    int n = runIdsOrPrefixes.size();
    if (n < 2 || n > MAX_COMPARED) {
      throw new InvalidInputException(
          "compare takes 2 to "
              + MAX_COMPARED
              + " runs, not "
              + n
              + (n < 2 ? ": give two run ids or more" : ": pick " + MAX_COMPARED + " or fewer"));
    }
    return database.read(
        c -> {
          List<Run> runs = new ArrayList<>();
          for (String id : runIdsOrPrefixes) {
            runs.add(SqlReader.run(c, id));
          }
          List<String> ids = runs.stream().map(Run::id).toList();
          return RunComparison.of(runs, RunTableSql.parameters(c, ids), MetricSql.latest(c, ids));
        });
  }

  /** Artifacts whose name contains {@code fragment} in any case, by name, at most {@code limit}. */
  public List<Artifact> findArtifacts(String fragment, int limit) {
    checkSearch(fragment, limit);
    return database.read(c -> RunTableSql.findArtifacts(c, fragment, limit));
  }

  /** Stages whose name contains {@code fragment} in any case, by name, at most {@code limit}. */
  public List<Stage> findStages(String fragment, int limit) {
    checkSearch(fragment, limit);
    return database.read(c -> RunTableSql.findStages(c, fragment, limit));
  }

  private static void checkSearch(String fragment, int limit) {
    if (fragment == null) {
      throw new InvalidInputException("give the part of the name to search for");
    }
    if (limit < 1) {
      throw new InvalidInputException("limit must be 1 or more, not " + limit);
    }
  }
}
