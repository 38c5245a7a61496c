package dev.nbfactory.web.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.Table;

/** MLflow's request forms, table-driven: each becomes the same two rows, or a named 400. */
class ScoringInputTest {
  private static Table json(String body) {
    return ScoringInput.json(body.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<String> sameTwoRows() {
    return Stream.of(
        "{\"dataframe_split\": {\"columns\": [\"x\", \"plan\"], \"data\": [[1.5, \"pro\"], [2, null]]}}",
        "{\"dataframe_records\": [{\"x\": 1.5, \"plan\": \"pro\"}, {\"x\": 2}]}",
        "{\"instances\": [{\"x\": 1.5, \"plan\": \"pro\"}, {\"x\": 2, \"plan\": null}], \"params\": {\"k\": 1}}",
        "{\"inputs\": [{\"x\": 1.5, \"plan\": \"pro\"}, {\"x\": 2}]}",
        "{\"inputs\": {\"x\": [1.5, 2], \"plan\": [\"pro\", null]}}");
  }

  @ParameterizedTest
  @MethodSource("sameTwoRows")
  void everyFormGivesTheSameRows(String body) {
    Table rows = json(body);

    assertThat(rows.rowCount()).isEqualTo(2);
    assertThat(rows.doubleColumn("x").asList()).containsExactly(1.5, 2.0);
    assertThat(rows.stringColumn("plan").get(0)).isEqualTo("pro");
    assertThat(rows.stringColumn("plan").isMissing(1)).isTrue();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of("[1, 2]", "exactly one of the fields"),
        Arguments.of("{\"dataframe_records\": [], \"inputs\": []}", "exactly one of the fields"),
        Arguments.of("{\"rows\": []}", "unknown field 'rows'"),
        Arguments.of("{\"inputs\": [], \"params\": 3}", "'params' must be an object"),
        Arguments.of("{\"dataframe_split\": {\"data\": []}}", "'dataframe_split' must be"),
        Arguments.of(
            "{\"dataframe_split\": {\"columns\": [\"a\"], \"data\": [[1, 2]]}}",
            "row 0 has 2 values for 1 columns"),
        Arguments.of("{\"instances\": [[1, 2]]}", "'instances' row 0 is not an object"),
        Arguments.of("{\"inputs\": {\"a\": [1], \"b\": [1, 2]}}", "different lengths"),
        Arguments.of("{\"inputs\": [{\"a\": [1]}]}", "field 'a' in row 0 is not a single value"),
        Arguments.of(
            "{\"inputs\": [{\"a\": 1}, {\"a\": \"x\"}]}", "field 'a' mixes numbers and text"),
        Arguments.of("{\"inputs\": [{\"a\": 1, \"A\": 2}]}", "field 'A' is given twice"),
        Arguments.of("{\"inputs\": [", "the body is not valid JSON"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void badBodiesNameTheirProblem(String body, String problem) {
    assertThatThrownBy(() -> json(body))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining(problem);
  }

  @Test
  void csvWithAHeaderIsRows() {
    Table rows = ScoringInput.csv("x,plan\n1.5,pro\n2,basic\n".getBytes(StandardCharsets.UTF_8));

    assertThat(rows.rowCount()).isEqualTo(2);
    assertThat(rows.columnNames()).containsExactly("x", "plan");
    assertThatThrownBy(() -> ScoringInput.csv(new byte[0]))
        .hasMessageContaining("CSV body is empty");
  }
}
