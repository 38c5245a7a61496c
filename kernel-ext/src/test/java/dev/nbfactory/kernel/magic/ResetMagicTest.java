package dev.nbfactory.kernel.magic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.kernel.magic.ResetMagic.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a cell is split at its {@code %reset} lines. */
class ResetMagicTest {
  @Test
  void aCellWithoutResetIsOnePart() {
    assertThat(ResetMagic.split("int x = 1;\nx"))
        .containsExactly(new Part("int x = 1;\nx", false, false));
  }

  @Test
  void partsKeepTheirCellLines() {
    List<Part> parts = ResetMagic.split("int x = 1;\n%reset\nint y = 2;\n  %reset -f  \ny");
    assertThat(parts)
        .containsExactly(
            new Part("int x = 1;\n", false, false),
            new Part(null, true, false),
            new Part("\n\nint y = 2;\n", false, false),
            new Part(null, true, true),
            new Part("\n\n\n\ny", false, false));
  }

  @Test
  void onlyAWholeResetLineCounts() {
    String code = "String s = \"%reset\";\n%resets\n// %reset\n%reset?";
    assertThat(ResetMagic.split(code)).containsExactly(new Part(code, false, false));
  }

  @Test
  void aCellMagicsBodyIsNotSplit() {
    String code = "%%html\n%reset\n<b>x</b>";
    assertThat(ResetMagic.split(code)).containsExactly(new Part(code, false, false));
  }

  @Test
  void anArgumentOtherThanForceIsAnError() {
    assertThatThrownBy(() -> ResetMagic.split("%reset in"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-f");
  }
}
