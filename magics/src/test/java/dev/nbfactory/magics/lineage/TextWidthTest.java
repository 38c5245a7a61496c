package dev.nbfactory.magics.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextWidthTest {
  @ParameterizedTest
  @CsvSource({
    // Helvetica's widths at 10 px, plus the 10% margin: "i" is 222/1000 em, "m" 833, "W" 944.
    "iiii, false, 9.768",
    "mmmm, false, 36.652",
    "WW, true, 20.768",
    "日本, false, 22.0",
    "é, false, 7.337",
  })
  void measuresFromTheFontsAdvanceWidths(String text, boolean bold, double expected) {
    assertThat(TextWidth.of(text, 10, bold)).isCloseTo(expected, within(0.01));
  }

  @Test
  void boldIsNeverNarrower() {
    String text = "customer-features-level-3-part-2 run 1a2b3c4d · succeeded";
    assertThat(TextWidth.of(text, 13, true)).isGreaterThan(TextWidth.of(text, 13, false));
  }

  @Test
  void fitCutsWithAnEllipsisOnlyWhatIsTooWide() {
    assertThat(TextWidth.fit("short", 100, 13, true)).isEqualTo("short");
    String cut = TextWidth.fit("x".repeat(200), 100, 13, true);
    assertThat(cut).endsWith("…").startsWith("xxx");
    assertThat(TextWidth.of(cut, 13, true)).isLessThanOrEqualTo(100);
    assertThat(TextWidth.of(cut + "x", 13, true)).isGreaterThan(100);
    assertThat(TextWidth.fit("😀😀😀😀😀😀", 30, 13, false)).isEqualTo("😀…");
  }
}
