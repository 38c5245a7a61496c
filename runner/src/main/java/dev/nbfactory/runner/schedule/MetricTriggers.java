package dev.nbfactory.runner.schedule;

import dev.nbfactory.magics.live.LiveFigures;
import dev.nbfactory.magics.live.LiveMetrics;
import dev.nbfactory.magics.schedule.MetricCondition;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.MetricTrigger;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.registry.Schedules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@code --on-metric} and {@code --on-drift}: at each poll, resolves the watched model reference to
 * its version now, measures that version's live figures from the prediction log, and fires a
 * schedule whose condition holds on enough evidence (outcomes for accuracy and rmse, decisions for
 * drift). It fires at most once per cooldown, claimed in the registry (so two nodes, or a node
 * restarted, respect it), and never while a run the schedule started, or its pipeline, still goes.
 */
final class MetricTriggers {
  private final Registry registry;
  // One per node: a version's training data, which drift is measured against, is read once.
  private final LiveMetrics live;
  private final NewFiles.Say say;
  private final Map<String, String> lastWhyNot = new ConcurrentHashMap<>();

  MetricTriggers(Registry registry, NewFiles.Say say) {
    this.registry = registry;
    this.live = new LiveMetrics(registry, LiveMetrics.DEFAULT_WINDOW);
    this.say = say;
  }

  /**
   * The trigger text of a firing of {@code s} due now, its cooldown already claimed; empty when
   * none is due.
   *
   * @param busy what of the schedule still runs (a run, a pipeline), as the firing runner sees it
   */
  Optional<String> due(Schedule s, Function<String, Optional<String>> busy) {
    MetricTrigger trigger = s.metric();
    if (trigger == null) {
      return Optional.empty();
    }
    Instant now = registry.clock().instant();
    Optional<Instant> last = registry.schedules().lastMetricFiring(s.name());
    if (last.isPresent() && last.get().plus(trigger.cooldown()).isAfter(now)) {
      return Optional.empty(); // cooling down: nothing to measure
    }
    Optional<String> running = busy.apply(s.name());
    if (running.isPresent()) {
      whyNot(s.name(), "not checked while " + running.get() + " still runs");
      return Optional.empty();
    }
    Optional<String> reason = holding(s.name(), trigger);
    if (reason.isEmpty() || !registry.schedules().claimMetricFiring(s.name(), trigger.cooldown())) {
      return Optional.empty();
    }
    lastWhyNot.remove(s.name());
    say.say("%s: %s: firing", s.name(), reason.get());
    registry.schedules().event(s.name(), Schedules.METRIC_FIRED, null, reason.get());
    return reason;
  }

  /** The first condition that holds on enough evidence, as the reason to fire. */
  private Optional<String> holding(String name, MetricTrigger trigger) {
    List<Map.Entry<String, MetricCondition>> conditions = new ArrayList<>();
    if (trigger.onMetric() != null) {
      conditions.add(Map.entry("on-metric", MetricCondition.metric(trigger.onMetric())));
    }
    if (trigger.onDrift() != null) {
      conditions.add(Map.entry("on-drift", MetricCondition.drift(trigger.onDrift(), null)));
    }
    Map<String, LiveFigures> measured = new HashMap<>();
    List<String> notYet = new ArrayList<>();
    for (Map.Entry<String, MetricCondition> entry : conditions) {
      MetricCondition c = entry.getValue();
      LiveFigures figures;
      try {
        ArtifactVersion version = registry.resolve(c.model());
        figures =
            measured.computeIfAbsent(
                version.ref(), ref -> live.measure(version, PredictionRecord.Role.PRODUCTION));
      } catch (FactoryException | java.io.UncheckedIOException e) {
        notYet.add(c.model() + ": " + e.getMessage());
        continue;
      }
      int evidence =
          c.evidence() == MetricCondition.Evidence.OUTCOMES
              ? figures.outcomes()
              : figures.predictions();
      if (evidence < trigger.minEvidence()) {
        notYet.add(
            c.text()
                + ": "
                + evidence
                + " "
                + c.evidence().noun()
                + " of the "
                + trigger.minEvidence()
                + " it needs");
        continue;
      }
      OptionalDouble value = c.value(figures.metrics());
      if (value.isEmpty()) {
        notYet.add(
            c.text()
                + ": not measured"
                + (figures.note() == null ? "" : " (" + figures.note() + ")"));
        continue;
      }
      if (c.holds(value.getAsDouble())) {
        return Optional.of(entry.getKey() + " " + c.reason(value.getAsDouble(), evidence));
      }
    }
    if (!notYet.isEmpty()) {
      whyNot(name, String.join("; ", notYet));
    }
    return Optional.empty();
  }

  /** Says why a trigger cannot be judged, once until the reason changes. */
  private void whyNot(String name, String why) {
    if (!why.equals(lastWhyNot.put(name, why))) {
      say.say("%s: metric trigger waits: %s", name, why);
    }
  }
}
