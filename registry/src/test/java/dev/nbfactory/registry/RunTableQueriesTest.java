package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.nbfactory.registry.testing.TempRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reads of the runs table and the compare page: sort, filter, page, bulk reads, search. */
class RunTableQueriesTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @RegisterExtension TempRegistry temp = new TempRegistry();

  /** A finished run of {@code stage} that started {@code minute} minutes after T0. */
  private Run run(String stage, int minute) {
    Registry registry = temp.get();
    Run run =
        registry.startRun(RunStart.builder(stage).startedAt(T0.plusSeconds(60L * minute)).build());
    registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);
    return run;
  }

  private static List<String> ids(List<Run> runs) {
    return runs.stream().map(Run::id).toList();
  }

  @Test
  void sortingByAMetricUsesEachRunsLatestValueAndPutsRunsWithoutItLast() {
    Registry registry = temp.get();
    Run a = run("train", 1);
    Run b = run("train", 2);
    Run c = run("train", 3);
    Run d = run("train", 4);
    Run none1 = run("train", 5);
    Run none2 = run("train", 6);
    // a: a high value early, a low one at the last step
    registry.logMetric(a.id(), "auc", 0.99, 1);
    registry.logMetric(a.id(), "auc", 0.10, 5);
    // b: a later step logged first; the earlier step logged after it does not replace it
    registry.logMetric(b.id(), "auc", 0.50, 3);
    registry.logMetric(b.id(), "auc", 0.95, 1);
    // c: two values at the same step; the one recorded last counts
    registry.logMetric(c.id(), "auc", 0.20, 2);
    registry.logMetric(c.id(), "auc", 0.70, 2);
    // d ties b: the newer run first
    registry.logMetric(d.id(), "auc", 0.50, 0);
    registry.logMetric(none1.id(), "loss", 1.0, 0);

    assertThat(ids(registry.runs(RunQuery.all().sortedByMetric("auc", true))))
        .containsExactly(a.id(), d.id(), b.id(), c.id(), none2.id(), none1.id());
    assertThat(ids(registry.runs(RunQuery.all().sortedByMetric("auc", false))))
        .containsExactly(c.id(), d.id(), b.id(), a.id(), none2.id(), none1.id());
    assertThat(registry.queries().latestMetrics(List.of(a.id(), b.id(), c.id())))
        .containsExactly(
            Map.entry(a.id(), Map.of("auc", 0.10)),
            Map.entry(b.id(), Map.of("auc", 0.50)),
            Map.entry(c.id(), Map.of("auc", 0.70)));
    // the same value every other view shows as the last
    for (Run run : List.of(a, b, c, d)) {
      assertThat(Metric.last(registry.metrics(run.id()), "auc").orElseThrow().value())
          .isEqualTo(registry.queries().latestMetrics(List.of(run.id())).get(run.id()).get("auc"));
    }
    assertThat(ids(registry.runs(RunQuery.all().sortedByMetric("nobody-logs-this", false))))
        .containsExactly(none2.id(), none1.id(), d.id(), c.id(), b.id(), a.id());
    // sortedBy after sortedByMetric orders by the fixed key again
    assertThat(
            ids(
                registry.runs(
                    RunQuery.all()
                        .sortedByMetric("auc", true)
                        .sortedBy(RunQuery.Sort.STARTED, true))))
        .containsExactly(a.id(), b.id(), c.id(), d.id(), none1.id(), none2.id());
  }

  @Test
  void pagesJoinUpToTheWholeListAndTheCountIgnoresThePage() {
    Registry registry = temp.get();
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Run run = run(i % 2 == 0 ? "train" : "score", i);
      runs.add(run);
      if (i < 4) {
        registry.logMetric(run.id(), "accuracy", i / 10.0, 0);
      }
    }
    for (RunQuery query :
        List.of(
            RunQuery.all(),
            RunQuery.all().sortedBy(RunQuery.Sort.STAGE, true),
            RunQuery.all().sortedByMetric("accuracy", false),
            RunQuery.all().sortedByMetric("accuracy", true),
            RunQuery.all().withStage("train").sortedByMetric("accuracy", true))) {
      List<String> whole = ids(registry.runs(query));
      for (int size : new int[] {1, 2, 3, 5}) {
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < whole.size() + size; offset += size) {
          paged.addAll(ids(registry.runs(query.limit(size).offset(offset))));
        }
        assertThat(paged).as("%s in pages of %d", query, size).isEqualTo(whole);
      }
      // an offset with no limit reads to the end
      assertThat(ids(registry.runs(query.offset(2)))).isEqualTo(whole.subList(2, whole.size()));
      assertThat(registry.countRuns(query.limit(2).offset(1))).isEqualTo(whole.size());
    }
    assertThat(ids(registry.runs(RunQuery.all().sortedByMetric("accuracy", false))))
        .containsExactly(
            runs.get(3).id(),
            runs.get(2).id(),
            runs.get(1).id(),
            runs.get(0).id(),
            runs.get(6).id(),
            runs.get(5).id(),
            runs.get(4).id());
    assertThat(registry.countRuns(RunQuery.all())).isEqualTo(7);
    assertThat(registry.countRuns(RunQuery.all().withStage("train"))).isEqualTo(4);
    assertThat(registry.runs(RunQuery.all().offset(7))).isEmpty();
    assertThatThrownBy(() -> RunQuery.all().offset(-1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("offset must be 0 or more");
  }

  @Test
  void tagAndParameterFiltersAreAndedAndASecretNeverMatchesAValue() {
    Registry registry = temp.get();
    Run a = run("train", 1);
    Run b = run("train", 2);
    Run c = run("train", 3);
    registry.setRunTag(a.id(), "owner", "ana");
    registry.setRunTag(b.id(), "owner", "bo");
    registry.setRunTag(b.id(), "reviewed", null);
    registry.logParameters(a.id(), Map.of("epochs", 10, "lr", "0.1"), Set.of());
    registry.logParameters(b.id(), Map.of("epochs", 10, "lr", "0.2"), Set.of());
    registry.logParameters(c.id(), Map.of("epochs", 20, "db_password", "hunter2"), Set.of());

    assertThat(ids(registry.runs(RunQuery.all().withTag("owner", "ana")))).containsExactly(a.id());
    assertThat(ids(registry.runs(RunQuery.all().withTag("owner", null))))
        .containsExactly(b.id(), a.id());
    assertThat(ids(registry.runs(RunQuery.all().withTag("reviewed", null))))
        .containsExactly(b.id());
    assertThat(ids(registry.runs(RunQuery.all().withTag("owner", "ana").withTag("reviewed", null))))
        .isEmpty();
    assertThat(ids(registry.runs(RunQuery.all().withParameter("epochs", "10"))))
        .containsExactly(b.id(), a.id());
    RunQuery both = RunQuery.all().withParameter("epochs", "10").withParameter("lr", "0.2");
    assertThat(ids(registry.runs(both))).containsExactly(b.id());
    assertThat(registry.countRuns(both)).isEqualTo(1);
    assertThat(ids(registry.runs(RunQuery.all().withParameter("lr", null))))
        .containsExactly(b.id(), a.id());
    // the secret is there, but neither its value nor the mask it is stored as matches
    assertThat(ids(registry.runs(RunQuery.all().withParameter("db_password", null))))
        .containsExactly(c.id());
    assertThat(registry.runs(RunQuery.all().withParameter("db_password", "hunter2"))).isEmpty();
    assertThat(registry.runs(RunQuery.all().withParameter("db_password", Secrets.MASK))).isEmpty();
    assertThat(registry.countRuns(RunQuery.all().withParameter("db_password", Secrets.MASK)))
        .isZero();
    // values are bound, never spliced into the SQL
    String hostile = "x' OR '1'='1";
    assertThat(registry.runs(RunQuery.all().withTag(hostile, hostile))).isEmpty();
    assertThat(registry.runs(RunQuery.all().withParameter("epochs", hostile))).isEmpty();
    assertThat(registry.runs(RunQuery.all().sortedByMetric(hostile, true))).hasSize(3);
    assertThatThrownBy(() -> RunQuery.all().withTag("", "x"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void bulkReadsAnswerForAWholePageAsOneRunAtATimeWould() {
    Registry registry = temp.get();
    // more runs than one IN list takes
    List<String> ids =
        registry.write(
            w -> {
              List<String> out = new ArrayList<>();
              for (int i = 0; i < InList.CHUNK + 37; i++) {
                Run run = w.startRun(RunStart.builder(i % 3 == 0 ? "a" : "b").build());
                w.logMetrics(run.id(), Map.of("loss", 1.0 / (i + 1), "step_ms", i), 0);
                if (i % 5 == 0) {
                  w.logMetrics(run.id(), Map.of("loss", 0.0), 1);
                }
                w.logParameters(
                    run.id(), Map.of("i", i, "api_token", "t" + i), SecretMarks.secret(Set.of()));
                if (i % 2 == 0) {
                  w.setRunTag(run.id(), "even", "yes");
                }
                out.add(run.id());
              }
              return out;
            });
    List<String> asked = new ArrayList<>(ids);
    asked.add("0".repeat(32)); // no such run: it maps to nothing recorded
    RegistryQueries queries = registry.queries();
    Map<String, Map<String, Double>> metrics = queries.latestMetrics(asked);
    Map<String, List<Parameter>> parameters = queries.parameters(asked);
    Map<String, Map<String, String>> tags = queries.runTags(asked);
    assertThat(metrics.keySet()).containsExactlyElementsOf(asked);
    assertThat(parameters.keySet()).containsExactlyElementsOf(asked);
    assertThat(tags.keySet()).containsExactlyElementsOf(asked);
    for (String id : ids) {
      Map<String, Double> last = new LinkedHashMap<>();
      Metric.last(registry.metrics(id)).forEach((key, m) -> last.put(key, m.value()));
      assertThat(metrics.get(id)).as(id).isEqualTo(last);
      assertThat(parameters.get(id)).as(id).isEqualTo(registry.parameters(id));
      assertThat(tags.get(id)).as(id).isEqualTo(registry.record(id).tags());
    }
    assertThat(parameters.get(ids.get(3)))
        .contains(new Parameter("api_token", Secrets.MASK, true), new Parameter("i", "3", false));
    String nobody = "0".repeat(32);
    assertThat(metrics.get(nobody)).isEmpty();
    assertThat(parameters.get(nobody)).isEmpty();
    assertThat(tags.get(nobody)).isEmpty();
    assertThat(queries.latestMetrics(List.of())).isEmpty();

    assertThat(queries.metricKeys(null)).containsExactly("loss", "step_ms");
    assertThat(queries.parameterNames(null)).containsExactly("api_token", "i");
    Run other = registry.startRun(RunStart.builder("c").build());
    registry.logMetric(other.id(), "f1", 0.5, 0);
    registry.logParameters(other.id(), Map.of("depth", 3), Set.of());
    assertThat(queries.metricKeys(null)).containsExactly("f1", "loss", "step_ms");
    assertThat(queries.metricKeys("c")).containsExactly("f1");
    assertThat(queries.metricKeys("a")).containsExactly("loss", "step_ms");
    assertThat(queries.parameterNames("c")).containsExactly("depth");
    assertThat(queries.parameterNames("nosuch")).isEmpty();
  }

  @Test
  void compareLinesUpParametersAndLatestMetricsOfTwoToTwentyRuns() {
    Registry registry = temp.get();
    Run a = run("train", 1);
    Run b = run("train", 2);
    Run c = run("train", 3);
    registry.logParameters(a.id(), Map.of("epochs", 10, "lr", "0.1", "pwd", "x"), Set.of());
    registry.logParameters(b.id(), Map.of("epochs", 10, "lr", "0.2", "pwd", "y"), Set.of());
    registry.logParameters(c.id(), Map.of("epochs", 10), Set.of());
    registry.logMetric(a.id(), "acc", 0.8, 0);
    registry.logMetric(a.id(), "acc", 0.9, 1);
    registry.logMetric(b.id(), "acc", 0.9, 0);
    registry.logMetric(c.id(), "loss", 0.3, 0);

    // in the order given, by prefix or whole id
    RunComparison two = registry.queries().compare(List.of(b.id().substring(0, 8), a.id()));
    assertThat(ids(two.runs())).containsExactly(b.id(), a.id());
    assertThat(two.parameters())
        .containsExactly(
            new RunComparison.Row<>("epochs", List.of("10", "10"), false),
            new RunComparison.Row<>("lr", List.of("0.2", "0.1"), true),
            // two secrets both read as the mask: nothing to tell apart
            new RunComparison.Row<>("pwd", List.of(Secrets.MASK, Secrets.MASK), false));
    assertThat(two.metrics())
        .containsExactly(new RunComparison.Row<>("acc", List.of(0.9, 0.9), false));
    // a two-run comparison's differing rows are what diff reports
    RunDiff diff = registry.diff(b.id(), a.id());
    assertThat(two.differing().parameters())
        .extracting(RunComparison.Row::name)
        .containsExactlyElementsOf(diff.parameters().stream().map(RunDiff.Change::key).toList());
    assertThat(diff.metrics()).isEmpty();
    assertThat(two.differing().metrics()).isEmpty();

    RunComparison three = registry.queries().compare(List.of(a.id(), b.id(), c.id()));
    assertThat(three.parameters())
        .containsExactly(
            new RunComparison.Row<>("epochs", List.of("10", "10", "10"), false),
            new RunComparison.Row<>("lr", Arrays.asList("0.1", "0.2", null), true),
            new RunComparison.Row<>("pwd", Arrays.asList(Secrets.MASK, Secrets.MASK, null), true));
    assertThat(three.metrics())
        .containsExactly(
            new RunComparison.Row<>("acc", Arrays.asList(0.9, 0.9, null), true),
            new RunComparison.Row<>("loss", Arrays.asList(null, null, 0.3), true));

    List<String> twenty = new ArrayList<>(List.of(a.id(), b.id(), c.id()));
    while (twenty.size() < RegistryQueries.MAX_COMPARED) {
      Run more = run("train", 10 + twenty.size());
      registry.logMetric(more.id(), "acc", twenty.size(), 0);
      twenty.add(more.id());
    }
    RunComparison all = registry.queries().compare(twenty);
    assertThat(ids(all.runs())).containsExactlyElementsOf(twenty);
    assertThat(all.metrics().get(0).values()).hasSize(20).startsWith(0.9, 0.9, null, 3.0);

    List<String> tooMany = new ArrayList<>(twenty);
    tooMany.add(run("train", 99).id());
    assertThatThrownBy(() -> registry.queries().compare(tooMany))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("compare takes 2 to 20 runs, not 21: pick 20 or fewer");
    assertThatThrownBy(() -> registry.queries().compare(List.of(a.id())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("compare takes 2 to 20 runs, not 1: give two run ids or more");
    assertThatThrownBy(() -> registry.queries().compare(List.of(a.id(), "0".repeat(32))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void searchMatchesPartsOfNamesInAnyCaseAndTakesPercentAndUnderscoreLiterally() {
    Registry registry = temp.get();
    for (String name : List.of("churn_model", "churnXmodel", "Churn-Features", "scores")) {
      registry.putOutput(null, name, ArtifactKind.DATASET, "text/csv", name.getBytes());
    }
    registry.putOutput(null, "scores", ArtifactKind.DATASET, "text/csv", "v2".getBytes());
    run("train_model", 1);
    run("trainXmodel", 2);
    run("Evaluate", 3);
    RegistryQueries queries = registry.queries();

    // the order of names in mixed case is the database's collation's
    assertThat(queries.findArtifacts("CHURN", 10))
        .extracting(Artifact::name)
        .containsExactlyInAnyOrder("Churn-Features", "churnXmodel", "churn_model");
    assertThat(queries.findArtifacts("n_m", 10))
        .extracting(Artifact::name)
        .containsExactly("churn_model");
    assertThat(queries.findArtifacts("_", 10))
        .extracting(Artifact::name)
        .containsExactly("churn_model");
    assertThat(queries.findArtifacts("%", 10)).isEmpty();
    assertThat(queries.findArtifacts("n%m", 10)).isEmpty();
    assertThat(queries.findArtifacts("!", 10)).isEmpty();
    assertThat(queries.findArtifacts("' OR '1'='1", 10)).isEmpty();
    assertThat(queries.findArtifacts("churn", 1)).hasSize(1);
    assertThat(queries.findArtifacts("", 10)).hasSize(4);
    assertThat(queries.findArtifacts("score", 10))
        .singleElement()
        .satisfies(a -> assertThat(a.versionCount()).isEqualTo(2))
        .satisfies(a -> assertThat(a.kind()).isEqualTo(ArtifactKind.DATASET));

    assertThat(queries.findStages("MODEL", 10))
        .extracting(Stage::name)
        .containsExactlyInAnyOrder("train_model", "trainXmodel");
    assertThat(queries.findStages("n_m", 10))
        .extracting(Stage::name)
        .containsExactly("train_model");
    assertThat(queries.findStages("eval", 10)).extracting(Stage::name).containsExactly("Evaluate");
    assertThat(queries.findStages("%", 10)).isEmpty();
    assertThatThrownBy(() -> queries.findStages("x", 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("limit must be 1 or more");
  }

  @Test
  void migratingARegistryAtSchema10FillsLatestMetricsFromEveryMetricLogged() throws Exception {
    Registry registry = temp.get();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Run run = run("train", i);
      ids.add(run.id());
      // step 3 twice: the second value counts; steps logged after it do not
      int[] steps = {3, 1, 3, 2};
      for (int call = 0; call < steps.length; call++) {
        registry.logMetrics(
            run.id(),
            Map.of("loss", steps[call] * 10.0 + i + call / 100.0, "acc", i - call),
            steps[call]);
      }
    }
    registry.logMetric(ids.get(0), "only-one", 7.0, 0);
    Map<String, Map<String, Double>> expected = new LinkedHashMap<>();
    for (String id : ids) {
      Map<String, Double> last = new LinkedHashMap<>();
      Metric.last(registry.metrics(id)).forEach((key, m) -> last.put(key, m.value()));
      expected.put(id, last);
    }
    assertThat(registry.queries().latestMetrics(ids)).isEqualTo(expected);

    // back to how schema 10 left it, then open it as a new release would
    try (Connection c = DriverManager.getConnection(temp.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE latest_metrics");
      s.execute("DROP INDEX run_params_name");
      // and what later schemas added
      s.execute("DROP TABLE experiment_members");
      s.execute("DROP TABLE experiments");
      s.execute("ALTER TABLE schedules DROP COLUMN grid");
      s.execute("DELETE FROM schema_version WHERE version >= 11");
    }
    Registry reopened = temp.reopen();
    assertThat(reopened.appliedMigrations()).containsExactly(11, 12);
    assertThat(reopened.queries().latestMetrics(ids)).isEqualTo(expected);
    assertThat(reopened.queries().metricKeys(null)).containsExactly("acc", "loss", "only-one");
    List<String> newestFirst = new ArrayList<>(ids);
    Collections.reverse(newestFirst);
    assertThat(ids(reopened.runs(RunQuery.all().sortedByMetric("loss", false))))
        .containsExactlyElementsOf(newestFirst);
  }

  @Test
  void aMetricSortReadsTheMetricIndexInOrderInsteadOfSortingEveryRun() throws Exception {
    assumeThat(temp.isPostgres())
        .as("SQLite's plan; PostgreSQL's depends on its statistics")
        .isFalse();
    Registry registry = temp.get();
    Run run = run("train", 1);
    registry.logMetric(run.id(), "auc", 0.5, 0);
    for (RunQuery query :
        List.of(
            RunQuery.all().sortedByMetric("auc", false).limit(50),
            RunQuery.all().sortedByMetric("auc", true).limit(50).offset(100))) {
      RunQuerySql.Sql sql = RunQuerySql.withMetric(query);
      List<String> plan = new ArrayList<>();
      try (Connection c = DriverManager.getConnection(temp.jdbcUrl())) {
        Jdbc.query(
            c,
            "EXPLAIN QUERY PLAN " + sql.text(),
            rs -> plan.add(rs.getString("detail")),
            sql.values());
      }
      assertThat(plan).as("plan %s", plan).anyMatch(step -> step.contains("latest_metrics_value"));
      // the value order comes from the index; only runs tied on a value are sorted
      assertThat(plan)
          .as("plan %s", plan)
          .noneMatch(step -> step.equals("USE TEMP B-TREE FOR ORDER BY"));
    }
  }
}
