package dev.nbfactory.kernel.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JavaSourceTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1 + 1|false",
        "1 + 1;|true",
        "1 + 1; // done|true",
        "1 + 1 // no;|false",
        "x = \";\"|false",
        "x = ';'|false",
        "f(); /* a; */|true",
        "s + \"\\\";\"|false",
        "  ;  |true",
      })
  void endsWithSemicolon(String source, boolean expected) {
    assertThat(JavaSource.endsWithSemicolon(source)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"0,1", "3,1", "4,2", "9,3"})
  void lineOf(int offset, int line) {
    assertThat(JavaSource.lineOf("abc\ndef\nghi", offset)).isEqualTo(line);
  }
}
