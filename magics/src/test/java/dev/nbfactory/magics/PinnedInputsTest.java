package dev.nbfactory.magics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.FactoryException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinnedInputsTest {
  @Test
  void onlyABareNameIsPinnedAndThePinsTravelAsJson() {
    Map<String, Integer> pins = PinnedInputs.parse(PinnedInputs.json(Map.of("cancer-model", 3)));
    assertThat(PinnedInputs.apply("cancer-model", pins)).isEqualTo("cancer-model@3");
    assertThat(PinnedInputs.apply("cancer-model@production", pins))
        .isEqualTo("cancer-model@production");
    assertThat(PinnedInputs.apply("cancer-model@1", pins)).isEqualTo("cancer-model@1");
    assertThat(PinnedInputs.apply("cancer-test", pins)).isEqualTo("cancer-test");
    assertThat(PinnedInputs.parse("")).isEmpty();
    assertThat(PinnedInputs.parse(null)).isEmpty();
  }

  @Test
  void malformedPinsNameTheVariableAndTheWayOut() {
    assertThatThrownBy(() -> PinnedInputs.parse("[1]"))
        .isInstanceOf(FactoryException.class)
        .hasMessageContaining(PinnedInputs.ENV)
        .hasMessageContaining("unset it to run by hand");
  }
}
