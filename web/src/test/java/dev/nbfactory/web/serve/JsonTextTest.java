package dev.nbfactory.web.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** The streamed JSON is the text Jackson's tree gave before: logged rows stay comparable. */
class JsonTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Object> values() {
    return Stream.of(
        17.99,
        0.1 + 0.2,
        1e-12,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        -0.0,
        0.1f,
        42,
        1L << 40,
        (short) 7,
        true,
        "plain",
        "quote \" back\\slash \n tab\t é ☃ \u0001",
        new BigDecimal("1.50"));
  }

  @ParameterizedTest
  @MethodSource("values")
  void aValueIsWrittenAsJacksonsTreeWritesIt(Object value) {
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("v", value);
    String streamed =
        JsonText.write(
            gen -> {
              gen.writeStartObject();
              gen.writeFieldName("v");
              JsonText.value(gen, value);
              gen.writeEndObject();
            });
    assertThat(streamed).isEqualTo(JSON.valueToTree(one).toString());
  }

  @Test
  void aRowLeavesOutMissingValuesAsBefore() {
    Table rows =
        Table.create(
            "request",
            DoubleColumn.create("x", 1.5, Double.NaN),
            StringColumn.create("plan", "pro \"x\"", ""),
            BooleanColumn.create("ok", true, false),
            IntColumn.create("n", 3, 4));
    for (int r = 0; r < rows.rowCount(); r++) {
      ObjectNode tree = JSON.createObjectNode();
      for (Column<?> c : rows.columns()) {
        if (!c.isMissing(r)) {
          tree.set(c.name(), JSON.valueToTree(c.get(r)));
        }
      }
      assertThat(JsonText.row(rows, r)).isEqualTo(tree.toString());
    }
  }

  @Test
  void scoresAreAnObjectInLabelOrder() {
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("benign", 1.6585337440214427E-10);
    scores.put("malignant", 0.9999999998341467);
    assertThat(JsonText.scores(scores)).isEqualTo(JSON.valueToTree(scores).toString());
  }
}
