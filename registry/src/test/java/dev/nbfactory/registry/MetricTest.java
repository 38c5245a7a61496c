package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one definition of a metric's last value, which every view shows. */
class MetricTest {
  private static Metric m(String key, double value, long step, int second) {
    return new Metric(key, value, step, Instant.ofEpochSecond(second));
  }

  @Test
  void theLastValueIsAtTheHighestStepAndOfThoseTheOneRecordedLast() {
    // as the registry returns them: by key, step, then as recorded
    List<Metric> metrics =
        List.of(
            m("accuracy", 0.8, 0, 1),
            m("accuracy", 0.9, 0, 2),
            m("loss", 0.5, 1, 3),
            m("loss", 0.3, 2, 4),
            m("loss", 0.2, 2, 5));

    assertThat(Metric.last(metrics))
        .containsOnlyKeys("accuracy", "loss")
        .hasEntrySatisfying("accuracy", a -> assertThat(a.value()).isEqualTo(0.9))
        .hasEntrySatisfying("loss", l -> assertThat(l.value()).isEqualTo(0.2));
    assertThat(Metric.last(metrics, "loss")).get().extracting(Metric::step).isEqualTo(2L);
    assertThat(Metric.last(metrics, "f1")).isEmpty();
  }
}
