package dev.nbfactory.registry;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One value of a metric at a step; a run may record many steps of one key. */
public record Metric(String key, double value, long step, Instant timestamp) {

  /**
   * The last value of each key, the one every view shows: the highest step, and of several values
   * at that step the one recorded last. {@code metrics} are in the order the registry returns them
   * (by key, step, then as recorded); the map keeps the keys' first order.
   */
  public static Map<String, Metric> last(List<Metric> metrics) {
    Map<String, Metric> last = new LinkedHashMap<>();
    for (Metric m : metrics) {
      Metric seen = last.get(m.key());
      if (seen == null || m.step() >= seen.step()) {
        last.put(m.key(), m);
      }
    }
    return last;
  }

  /** The last value of one key, as {@link #last(List)} picks it. */
  public static Optional<Metric> last(List<Metric> metrics, String key) {
    return Optional.ofNullable(
        last(metrics.stream().filter(m -> m.key().equals(key)).toList()).get(key));
  }
}
