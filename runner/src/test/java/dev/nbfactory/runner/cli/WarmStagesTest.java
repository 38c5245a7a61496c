package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmStagesTest {
  @Test
  void heldAheadAsAskedOrWhenACoreIsSpare() {
    assertThat(WarmStages.ahead("1", 2)).isEqualTo(2);
    assertThat(WarmStages.ahead("on", 1)).isEqualTo(1);
    assertThat(WarmStages.ahead("0", 2)).isZero();
    assertThat(WarmStages.ahead("off", 2)).isZero();
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(WarmStages.ahead("auto", 1)).isEqualTo(cores > 2 ? 1 : 0);
    assertThat(WarmStages.ahead("auto", cores)).isZero();
  }
}
