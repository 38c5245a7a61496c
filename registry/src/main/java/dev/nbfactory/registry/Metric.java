package dev.nbfactory.registry;

import java.time.Instant;

/** One value of a metric at a step; a run may record many steps of one key. */
public record Metric(String key, double value, long step, Instant timestamp) {}
