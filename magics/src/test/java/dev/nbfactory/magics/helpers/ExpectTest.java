package dev.nbfactory.magics.helpers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.registry.CheckResult;
import dev.nbfactory.registry.CheckResult.Severity;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.testing.TempRegistry;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ExpectTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  private FactorySession session;
  private FactorySession previous;

  @BeforeEach
  void installSession() {
    session = new FactorySession(NotebookContext.builder().registry(temp.get()).build());
    previous = FactorySession.install(session);
  }

  @AfterEach
  void restoreSession() {
    FactorySession.install(previous);
  }

  /** Six rows in which some columns hold what the checks want and some do not. */
  static Table wdbc() {
    StringColumn diagnosis =
        StringColumn.create(
            "diagnosis",
            new String[] {"benign", "malignant", "benign", "unknown", "malignant", ""});
    diagnosis.setMissing(5);
    StringColumn code =
        StringColumn.create("code", new String[] {"A1", "B2", "C3", "d4", "E5", ""});
    code.setMissing(5);
    return Table.create(
        "wdbc",
        IntColumn.create("id", new int[] {1, 2, 3, 4, 5, 6}),
        IntColumn.create("batch", new int[] {1, 1, 2, 2, 3, 3}),
        diagnosis,
        DoubleColumn.create("radius_mean", new double[] {10.5, 12.0, 14.25, 9.0, 120.3, 11.0}),
        DoubleColumn.create("texture_mean", new double[] {1.0, Double.NaN, 2.0, 3.0, 4.0, 5.0}),
        code);
  }

  private static DataCheckException failure(Runnable checks) {
    try {
      checks.run();
    } catch (DataCheckException e) {
      return e;
    }
    throw new AssertionError("no data check failed");
  }

  private static Arguments row(UnaryOperator<Expect> check, String line) {
    return Arguments.of(line.substring(0, line.indexOf(':')), check, line);
  }

  /** Every check passing, as its line in the report: name, observed, expected. */
  static Stream<Arguments> passing() {
    return Stream.of(
        row(e -> e.rowsAtLeast(6), "rowsAtLeast(6): 6 rows; expected at least 6"),
        row(e -> e.rowsAtMost(10), "rowsAtMost(10): 6 rows; expected at most 10"),
        row(e -> e.noMissing("id"), "noMissing(id): 0 missing of 6; expected none missing"),
        row(
            e -> e.nullFractionAtMost("texture_mean", 0.2),
            "nullFractionAtMost(texture_mean, 0.2): fraction 0.166667 (1 missing of 6);"
                + " expected fraction at most 0.2"),
        row(e -> e.unique("id"), "unique(id): 6 distinct of 6 values; expected no value twice"),
        row(
            e -> e.between("radius_mean", 0, 200),
            "between(radius_mean, 0, 200): min 9, max 120.3; expected all from 0 to 200"),
        row(
            e -> e.oneOf("batch", 1, 2, "3"),
            "oneOf(batch, 1, 2, 3): no values outside; expected one of [1, 2, 3]"),
        row(
            e -> e.meanBetween("radius_mean", 29.5, 29.6),
            "meanBetween(radius_mean, 29.5, 29.6): mean 29.5083; expected mean from 29.5 to 29.6"),
        row(
            e -> e.matches("code", "[A-Za-z][0-9]"),
            "matches(code, [A-Za-z][0-9]): all 5 match; expected all match [A-Za-z][0-9]"));
  }

  /** Every check failing, as its line in the exception's message. */
  static Stream<Arguments> failing() {
    return Stream.of(
        row(e -> e.rowsAtLeast(400), "rowsAtLeast(400): 6 rows; expected at least 400"),
        row(e -> e.rowsAtMost(5), "rowsAtMost(5): 6 rows; expected at most 5"),
        row(
            e -> e.noMissing("diagnosis"),
            "noMissing(diagnosis): 1 missing of 6; expected none missing"),
        row(
            e -> e.nullFractionAtMost("texture_mean", 0.1),
            "nullFractionAtMost(texture_mean, 0.1): fraction 0.166667 (1 missing of 6);"
                + " expected fraction at most 0.1"),
        row(
            e -> e.unique("batch"),
            "unique(batch): 3 values repeat: [1, 2, 3] (3 distinct of 6 values);"
                + " expected no value twice"),
        row(
            e -> e.between("radius_mean", 0, 100),
            "between(radius_mean, 0, 100): min 9, max 120.3; 1 of 6 outside;"
                + " expected all from 0 to 100"),
        row(
            e -> e.oneOf("diagnosis", "benign", "malignant"),
            "oneOf(diagnosis, benign, malignant): values outside: [unknown] in 1 row;"
                + " expected one of [benign, malignant]"),
        row(
            e -> e.meanBetween("radius_mean", 10, 20),
            "meanBetween(radius_mean, 10, 20): mean 29.5083; expected mean from 10 to 20"),
        row(
            e -> e.matches("code", "[A-Z][0-9]"),
            "matches(code, [A-Z][0-9]): 1 of 5 do not match: [d4]; expected all match [A-Z][0-9]"),
        row(
            e -> e.noMissing("radius"),
            "noMissing(radius): no column 'radius'; the columns are"
                + " [id, batch, diagnosis, radius_mean, texture_mean, code]; expected none missing"),
        row(
            e -> e.between("diagnosis", 0, 1),
            "between(diagnosis, 0, 1): column 'diagnosis' holds STRING, not numbers;"
                + " expected all from 0 to 1"),
        row(
            e -> e.meanBetween("code", 0, 1),
            "meanBetween(code, 0, 1): column 'code' holds STRING, not numbers;"
                + " expected mean from 0 to 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("passing")
  void aPassingCheckSaysWhatItObserved(String name, UnaryOperator<Expect> check, String line) {
    CheckReport report = check.apply(Expect.that(wdbc())).check();

    assertThat(report.passed()).isTrue();
    assertThat(report.results()).singleElement().satisfies(r -> assertThat(r.passed()).isTrue());
    assertThat(CheckReport.line(report.results().get(0))).isEqualTo(line);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failing")
  void aFailingCheckThrowsItsLine(String name, UnaryOperator<Expect> check, String line) {
    DataCheckException e = failure(() -> check.apply(Expect.that(wdbc())).check());

    assertThat(e).isInstanceOf(FactoryException.class);
    assertThat(e.getMessage()).isEqualTo("1 data check failed on wdbc:\n- " + line);
    assertThat(e.report().failures()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failing")
  void aFailingCheckMarkedWarnOnlyShows(String name, UnaryOperator<Expect> check, String line) {
    CheckReport report = check.apply(Expect.that(wdbc())).warn().check();

    assertThat(report.passed()).isTrue();
    assertThat(report.warnings())
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo("warning"));
    assertThat(CheckReport.line(report.warnings().get(0))).isEqualTo(line);
  }

  @Test
  void theIssuesExampleReportsEveryFailureOnALineOfItsOwnAndRecordsEveryCheck() {
    Run run = session.stage("ingest");
    Table table = wdbc();

    DataCheckException e =
        failure(
            () ->
                Expect.that(table)
                    .rowsAtLeast(4)
                    .noMissing("diagnosis")
                    .unique("id")
                    .between("radius_mean", 0, 100)
                    .oneOf("diagnosis", "benign", "malignant")
                    .matches("code", "[A-Z][0-9]")
                    .warn()
                    .check());

    assertThat(e.getMessage())
        .isEqualTo(
            "3 data checks failed on wdbc:\n"
                + "- noMissing(diagnosis): 1 missing of 6; expected none missing\n"
                + "- between(radius_mean, 0, 100): min 9, max 120.3; 1 of 6 outside;"
                + " expected all from 0 to 100\n"
                + "- oneOf(diagnosis, benign, malignant): values outside: [unknown] in 1 row;"
                + " expected one of [benign, malignant]");
    assertThat(e.report().runId()).isEqualTo(run.id());
    assertThat(e.report().summary())
        .isEqualTo("6 data checks on wdbc: 2 passed, 3 failed, 1 warning");
    List<CheckResult> recorded = temp.get().record(run.id()).checks();
    assertThat(recorded).isEqualTo(e.report().results());
    assertThat(recorded)
        .extracting(CheckResult::name, CheckResult::severity, CheckResult::passed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rowsAtLeast(4)", Severity.ERROR, true),
            org.assertj.core.groups.Tuple.tuple("noMissing(diagnosis)", Severity.ERROR, false),
            org.assertj.core.groups.Tuple.tuple("unique(id)", Severity.ERROR, true),
            org.assertj.core.groups.Tuple.tuple(
                "between(radius_mean, 0, 100)", Severity.ERROR, false),
            org.assertj.core.groups.Tuple.tuple(
                "oneOf(diagnosis, benign, malignant)", Severity.ERROR, false),
            org.assertj.core.groups.Tuple.tuple("matches(code, [A-Z][0-9])", Severity.WARN, false));
    assertThat(recorded.get(0).observed()).isEqualTo("6 rows");
  }

  @Test
  void checksOfOneRunAreKeptInOrderAcrossCalls() {
    Run run = session.stage("ingest");
    Expect.that(wdbc()).rowsAtLeast(1).check();
    Expect.that(wdbc()).unique("id").noMissing("id").check();

    assertThat(temp.get().checks(run.id()))
        .extracting(CheckResult::name)
        .containsExactly("rowsAtLeast(1)", "unique(id)", "noMissing(id)");
  }

  @Test
  void withNoRunOpenChecksAreMadeAndRecordedNowhere() {
    CheckReport report = Expect.that(wdbc()).rowsAtLeast(1).check();
    assertThat(report.runId()).isNull();
    assertThat(report.summary()).endsWith("(no run open: not recorded)");
    assertThatThrownBy(() -> Expect.that(wdbc()).rowsAtLeast(10).check())
        .isInstanceOf(DataCheckException.class)
        .hasMessageContaining("rowsAtLeast(10): 6 rows");
    assertThat(session.currentRun()).isEmpty();
    assertThat(temp.get().runs(dev.nbfactory.registry.RunQuery.all())).isEmpty();
  }

  @Test
  void schemaEqualsComparesNamesAndTypesWithTheArtifactsStoredColumns() {
    session.stage("ingest");
    session.output("customers", wdbc());
    Table renamed = wdbc();
    renamed.column("code").setName("label");
    renamed.replaceColumn("id", DoubleColumn.create("id", new double[] {1, 2, 3, 4, 5, 6}));
    Table reordered =
        wdbc().reorderColumns("code", "id", "batch", "diagnosis", "radius_mean", "texture_mean");

    assertThat(
            CheckReport.line(
                Expect.that(reordered).schemaEquals("customers@1").check().results().get(0)))
        .isEqualTo(
            "schemaEquals(customers@1): the same 6 columns; expected the columns of customers@1");
    assertThatThrownBy(() -> Expect.that(renamed).schemaEquals("customers").check())
        .hasMessage(
            "1 data check failed on wdbc:\n- schemaEquals(customers): extra label (STRING);"
                + " lacks code (STRING); retyped id (DOUBLE, not INTEGER);"
                + " expected the columns of customers");
    assertThatThrownBy(() -> Expect.that(wdbc()).schemaEquals("customerz").check())
        .isInstanceOf(DataCheckException.class)
        .hasMessageContaining("schemaEquals(customerz): no artifact named 'customerz'");
  }

  @Test
  void theReportShowsAsATable() {
    CheckReport report =
        Expect.that(wdbc()).rowsAtLeast(1).oneOf("diagnosis", "<b>").warn().check();

    String html = report.mimeBundle().data().get("text/html");
    assertThat(html)
        .startsWith("<p>2 data checks on wdbc: 1 passed, 0 failed, 1 warning")
        .contains("<th>check</th><th>outcome</th><th>observed</th><th>expected</th>")
        .contains("<td>oneOf(diagnosis, &lt;b&gt;)</td><td>warning</td>")
        .doesNotContain("<b>");
    assertThat(report.toString())
        .isEqualTo(report.mimeBundle().data().get("text/plain"))
        .containsPattern("rowsAtLeast\\(1\\) +passed")
        .startsWith("2 data checks on wdbc: 1 passed, 0 failed, 1 warning");
  }

  @Test
  void aMisusedCallFailsAtOnceNamingTheFix() {
    Expect expect = Expect.that(wdbc());
    assertThatThrownBy(expect::warn)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("warn() marks the check before it: add a check first");
    assertThatThrownBy(expect::check).hasMessageContaining("no checks to make");
    assertThatThrownBy(() -> expect.between("x", 2, 1))
        .hasMessageContaining("the lower bound is above the upper");
    assertThatThrownBy(() -> expect.nullFractionAtMost("x", 1.5))
        .hasMessageContaining("give a fraction from 0 to 1");
    assertThatThrownBy(() -> expect.matches("x", "("))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a regular expression");
    assertThatThrownBy(() -> expect.oneOf("x")).hasMessageContaining("give the values");
    assertThatThrownBy(() -> expect.rowsAtLeast(-1)).hasMessageContaining("0 or more");
    assertThatThrownBy(() -> Expect.that(null)).hasMessageContaining("the table is null");
  }
}
