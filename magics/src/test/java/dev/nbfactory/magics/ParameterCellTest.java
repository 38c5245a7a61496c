package dev.nbfactory.magics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.SecretMarks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParameterCellTest {

  static Stream<Arguments> literals() {
    return Stream.of(
        Arguments.of("int epochs = 10;", 10),
        Arguments.of("int n = -3;", -3),
        Arguments.of("long big = 10_000_000_000L;", 10_000_000_000L),
        Arguments.of("long small = 5;", 5L),
        Arguments.of("double lr = 0.05;", 0.05),
        Arguments.of("double lr = 1;", 1.0),
        Arguments.of("double tiny = -1.5e-3;", -1.5e-3),
        Arguments.of("float f = 2.5f;", 2.5f),
        Arguments.of("int mask = 0xFF;", 255),
        Arguments.of("boolean shuffle = true;", true),
        Arguments.of("char sep = ',';", ','),
        Arguments.of("char quote = '\\'';", '\''),
        Arguments.of("String algo = \"sgd\";", "sgd"),
        Arguments.of("String path = \"C:\\\\data\\\\x \\\"q\\\"\\n\";", "C:\\data\\x \"q\"\n"),
        Arguments.of("String u = \"\\u0022\\u2028\";", "\"\u2028"),
        Arguments.of("String emoji = \"\\uD83D\\uDE00 é\";", "😀 é"),
        Arguments.of("String none = null;", null),
        Arguments.of("final var name = \"x\";", "x"),
        Arguments.of(
            "String block = \"\"\"\n    line 1\n      line 2\n    \"\"\";", "line 1\n  line 2\n"),
        Arguments.of("List<String> cols = List.of(\"a\", \"b\");", List.of("a", "b")),
        Arguments.of("List<Integer> empty = List.of();", List.of()),
        Arguments.of(
            "Map<String, Integer> sizes = Map.of(\"s\", 1, \"m\", -2);",
            orderedMap("s", 1, "m", -2)),
        Arguments.of("int[] nothing = null;", null));
  }

  @ParameterizedTest
  @MethodSource("literals")
  void literalsBecomeJavaValues(String source, Object expected) {
    ParameterCell cell = ParameterCell.parse(source);
    assertThat(cell.declarations()).hasSize(1);
    ParameterCell.Declaration d = cell.declarations().get(0);
    assertThat(d.literal()).as(source).isTrue();
    assertThat(d.value()).as(source).isEqualTo(expected);
    if (expected != null
        && !(expected instanceof java.util.Collection<?>)
        && !(expected instanceof Map<?, ?>)) {
      assertThat(d.value()).isInstanceOf(expected.getClass());
    }
  }

  @Test
  void aWholeCellGivesNamesInOrderAndKeepsNonLiteralsAsSource() {
    String source =
        String.join(
            "\n",
            "// parameters",
            "int epochs = 10; String algo = \"sgd\";",
            "/* a block comment; with a semicolon */",
            "double lr = Math.pow(10, -3);",
            "int a = 1, b = 2;",
            "String out = \"runs/\" + algo;",
            "int unset;",
            "System.out.println(\"not a declaration\");",
            "void helper() { int inner = 1; }",
            "Path data = Path.of(\"data.csv\");",
            "int after = 7;");
    ParameterCell cell = ParameterCell.parse(source);

    Map<String, Object> values = cell.values();
    assertThat(values.keySet())
        .containsExactly("epochs", "algo", "lr", "a", "b", "out", "data", "after");
    assertThat(values)
        .containsEntry("epochs", 10)
        .containsEntry("algo", "sgd")
        .containsEntry("lr", "Math.pow(10, -3)")
        .containsEntry("a", 1)
        .containsEntry("b", 2)
        .containsEntry("out", "\"runs/\" + algo")
        .containsEntry("data", "Path.of(\"data.csv\")")
        .containsEntry("after", 7);
    assertThat(cell.declarations())
        .filteredOn(d -> d.name().equals("lr"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.literal()).isFalse();
              assertThat(d.type()).isEqualTo("double");
            });
    assertThat(cell.declarations()).extracting(ParameterCell.Declaration::name).contains("unset");
  }

  @Test
  void anUnterminatedStringIsAClearError() {
    assertThatThrownBy(() -> ParameterCell.parse("String s = \"open;"))
        .isInstanceOf(FactoryException.class)
        .hasMessageContaining("unterminated");
  }

  private static Map<Object, Object> orderedMap(Object... kv) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }

  /** A parameters cell may start with the {@code %%params} magic line: it is not Java. */
  @Test
  void aLeadingParamsMagicLineIsSkippedAndItsSecretsAreNamed() {
    String cell =
        "%%params --secret dbUrl --secret key\nlong seed = 42;\nString dbUrl = \"jdbc:x\";";
    assertThat(ParameterCell.parse(cell).values())
        .containsEntry("seed", 42L)
        .containsEntry("dbUrl", "jdbc:x");
    assertThat(ParameterCell.secretMarks(cell).secret()).containsExactlyInAnyOrder("dbUrl", "key");
    assertThat(ParameterCell.secretMarks("long seed = 42;")).isEqualTo(SecretMarks.NONE);
    assertThatThrownBy(() -> ParameterCell.secretMarks("%%params --secret\nint x = 1;"))
        .hasMessageContaining("%%params: --secret needs a NAME; usage: %%params [--secret NAME]");
    assertThatThrownBy(() -> ParameterCell.secretMarks("%%params --public x\nint x = 1;"))
        .hasMessageContaining("%%params: unknown option --public");
  }

  /** A name that only looks like a secret can be shown and set; one that does not can be hidden. */
  @Test
  void theParamsLineMarksNamesSecretOrNotSecret() {
    SecretMarks marks =
        ParameterCell.secretMarks(
            "%%params --not-secret maxTokens --secret host\nint maxTokens = 100;\n"
                + "String pwd = \"x\";\nString host = \"db\";");

    assertThat(marks.isSecret("maxTokens")).isFalse();
    assertThat(marks.isSecret("pwd")).isTrue();
    assertThat(marks.isSecret("host")).isTrue();
    assertThatThrownBy(
            () -> ParameterCell.secretMarks("%%params --secret a --not-secret a\nint a = 1;"))
        .hasMessageContaining("'a' is marked both secret and not secret");
  }
}
