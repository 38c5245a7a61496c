package dev.nbfactory.runner.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 16, item 5: YAML aliases resolve as YAML says; an alias to nothing is an error. */
class ParameterValuesTest {
  private static Map<String, Object> yaml(String text) {
    return new ParameterValues().yaml(text, "-y").values();
  }

  @Test
  void aliasesAreTheValuesTheyNameWithTheirTypes() {
    assertThat(yaml("base: &b hello\nname: *b")).containsEntry("name", "hello");
    assertThat(yaml("n: &n 10\nm: *n")).containsEntry("m", 10);
    assertThat(yaml("q: &q '10'\nr: *q")).containsEntry("r", "10");
    assertThat(yaml("a: &l [1, 2.5, x]\nb: *l")).containsEntry("b", List.of(1, 2.5, "x"));
    assertThat(yaml("a: &m {k: true}\nb: *m")).containsEntry("b", Map.of("k", true));
    // no anchor: the text is read as before, '*' inside a value included
    assertThat(yaml("glob: 'data/*.csv'\nstar: a*b")).containsEntry("star", "a*b");
  }

  @Test
  void anAliasToNothingAndAnAliasBombAreRefused() {
    assertThatThrownBy(() -> yaml("name: *nope"))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("-y is not valid YAML")
        .hasMessageContaining("nope");
    StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 9; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      bomb.append("]\n");
    }
    assertThatThrownBy(() -> yaml(bomb.toString())).isInstanceOf(ParameterException.class);
  }

  /** Found by CommandLineFuzzTest: '-y "a: &a [*a]"' overflowed the stack copying the alias. */
  @Test
  void anAliasInsideWhatItNamesIsRefused() {
    for (String text : List.of("a: &a [*a]", "&a {x: *a}", "x: &a {y: [1, {z: *a}]}")) {
      assertThatThrownBy(() -> yaml(text))
          .as(text)
          .isInstanceOf(ParameterException.class)
          .hasMessage("-y has an alias inside the value it names, which would never end");
    }
    // the same anchor used twice side by side is no cycle
    assertThat(yaml("a: &a [1]\nb: [*a, *a]")).containsEntry("b", List.of(List.of(1), List.of(1)));
  }

  /** Found by the command-line fuzz test: a bad number named Java's exception in the message. */
  @Test
  void aMalformedNumberIsAYamlProblemWithoutJavasNames() {
    assertThat(
            ParameterValues.yamlProblem(
                "Malformed Number token: failed to tokenize due to"
                    + " (java.lang.NumberFormatException): For input string: \"\" under radix 16"))
        .isEqualTo(
            "Malformed Number token: failed to tokenize For input string: \"\" under radix 16");
  }
}
