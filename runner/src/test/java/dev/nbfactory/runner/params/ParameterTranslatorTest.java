package dev.nbfactory.runner.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParameterTranslatorTest {

  static Stream<Arguments> declarations() {
    return Stream.of(
        // value, type declared in the parameters cell (null: none), expected declaration
        Arguments.of(10, null, "int p = 10;"),
        Arguments.of(10, "double", "double p = 10.0;"),
        Arguments.of(10, "long", "long p = 10L;"),
        Arguments.of(10, "Integer", "Integer p = 10;"),
        Arguments.of(3_000_000_000L, null, "long p = 3000000000L;"),
        Arguments.of(0.5, null, "double p = 0.5;"),
        Arguments.of(0.5, "float", "float p = 0.5f;"),
        Arguments.of(Double.NaN, null, "double p = Double.NaN;"),
        Arguments.of(true, null, "boolean p = true;"),
        Arguments.of("sgd", null, "String p = \"sgd\";"),
        Arguments.of(42, "String", "String p = \"42\";"),
        Arguments.of("x", "char", "char p = 'x';"),
        Arguments.of(null, null, "Object p = null;"),
        Arguments.of(null, "String", "String p = null;"),
        Arguments.of(7, "short", "short p = (short) 7;"),
        Arguments.of(
            new BigInteger("123456789012345678901234567890"),
            null,
            "java.math.BigInteger p = new java.math.BigInteger(\"123456789012345678901234567890\");"),
        Arguments.of(
            List.of(1, 2), null, "java.util.List<Integer> p = java.util.List.<Integer>of(1, 2);"),
        Arguments.of(
            List.of(1, 2.5),
            null,
            "java.util.List<Double> p = java.util.List.<Double>of(1.0, 2.5);"),
        Arguments.of(
            List.of(1, 3_000_000_000L),
            null,
            "java.util.List<Long> p = java.util.List.<Long>of(1L, 3000000000L);"),
        Arguments.of(
            List.of("a", 1),
            "List<Object>",
            "List<Object> p = java.util.List.<Object>of(\"a\", 1);"),
        Arguments.of(
            Arrays.asList("a", null),
            null,
            "java.util.List<String> p = java.util.Collections.unmodifiableList(java.util.Arrays.<String>asList(\"a\", null));"),
        Arguments.of(
            new LinkedHashMap<>(Map.of("k", 1)),
            null,
            "java.util.Map<String, Integer> p = java.util.Map.<String, Integer>ofEntries(java.util.Map.entry(\"k\", 1));"),
        Arguments.of(
            List.of(List.of(1)),
            null,
            "java.util.List<java.util.List<Integer>> p = java.util.List.<java.util.List<Integer>>of(java.util.List.<Integer>of(1));"));
  }

  @ParameterizedTest
  @MethodSource("declarations")
  void valuesBecomeDeclarationsOfTheRightType(Object value, String declared, String expected) {
    assertThat(ParameterTranslator.declaration("p", value, declared)).isEqualTo(expected);
  }

  @Test
  void valuesThatDoNotFitTheDeclaredTypeAreRefusedWithTheFix() {
    assertThatThrownBy(() -> ParameterTranslator.declaration("epochs", "ten", "int"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("'epochs' is declared int")
        .hasMessageContaining("the String ten");
    assertThatThrownBy(() -> ParameterTranslator.declaration("epochs", 2.5, "int"))
        .hasMessageContaining("declared int");
    assertThatThrownBy(() -> ParameterTranslator.declaration("b", 300, "byte"))
        .hasMessageContaining("declared byte");
    assertThatThrownBy(() -> ParameterTranslator.declaration("n", null, "int"))
        .hasMessageContaining("value given is null");
    assertThatThrownBy(() -> ParameterTranslator.declaration("d", "2024-01-01", "LocalDate"))
        .hasMessageContaining("declare it as String");
  }

  @Test
  void badNamesAreRefusedBeforeAnythingIsWritten() {
    for (String name : List.of("a;System.exit(1)", "class", "1x", "", "a b", "_", "x-y")) {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put(name, 1);
      assertThatThrownBy(() -> ParameterTranslator.translate(values, Map.of(), false))
          .as(name)
          .isInstanceOf(ParameterException.class)
          .hasMessageContaining("cannot be a parameter name");
    }
  }

  /** Issue 16, item 13: Java ignores some characters inside identifiers; such names are refused. */
  @Test
  void aNameWithACharacterJavaIgnoresIsRefusedNamingTheNameItWouldSet() {
    for (String name : List.of("a\u00adb", "a\u200bb", "\u200bab", "ab\u0000")) {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put(name, 1);
      assertThatThrownBy(() -> ParameterTranslator.translate(values, Map.of("ab", "int"), false))
          .as(name)
          .isInstanceOf(ParameterException.class)
          .hasMessageContaining("invisible character")
          .hasMessageContaining("would set 'ab'");
    }
  }

  @Test
  void undeclaredParametersAreReportedAndStrictRefusesThem() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("epochs", 5);
    values.put("extra", "x");
    var t = ParameterTranslator.translate(values, Map.of("epochs", "int"), false);
    assertThat(t.undeclared()).containsExactly("extra");
    assertThat(t.source()).contains("int epochs = 5;").contains("String extra = \"x\";");
    assertThatThrownBy(() -> ParameterTranslator.translate(values, Map.of("epochs", "int"), true))
        .hasMessageContaining("does not declare extra")
        .hasMessageContaining("it declares epochs");
  }

  @Test
  void secretsNeverAppearInTheCell() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("db_password", "hunter2");
    var t = ParameterTranslator.translate(values, Map.of(), false);
    assertThat(t.source())
        .doesNotContain("hunter2")
        .contains("String db_password = System.getProperty(\"factory.secret.db_password\");");
    assertThatThrownBy(
            () -> ParameterTranslator.translate(values, Map.of("db_password", "int"), false))
        .hasMessageContaining("declare it as String");
  }

  @Test
  void commandLineTextIsTypedAsPapermillDoes() {
    ParameterValues v =
        new ParameterValues()
            .text("a", "10")
            .text("b", "0.5")
            .text("c", "True")
            .text("d", "None")
            .text("e", "hello")
            .text("f", "12345678901")
            .raw("g", "10")
            .yaml("h: [1, 2]\ni: {x: 1.5}\n", "-y");
    assertThat(v.values())
        .containsEntry("a", 10)
        .containsEntry("b", 0.5)
        .containsEntry("c", true)
        .containsEntry("d", null)
        .containsEntry("e", "hello")
        .containsEntry("f", 12345678901L)
        .containsEntry("g", "10")
        .containsEntry("h", List.of(1, 2))
        .containsEntry("i", Map.of("x", 1.5));
    assertThatThrownBy(() -> new ParameterValues().yaml("- 1\n- 2\n", "-y"))
        .hasMessageContaining("must be a YAML mapping");
    assertThatThrownBy(() -> new ParameterValues().yaml("a: [", "params.yaml"))
        .hasMessageContaining("params.yaml is not valid YAML");
  }
}
