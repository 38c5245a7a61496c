package dev.nbfactory.registry;

import java.time.Instant;

/**
 * One move of an alias, kept forever.
 *
 * @param fromVersion the version it pointed at before, or null when it was new
 * @param toVersion the version it points at since, or null when it was removed
 * @param reason why it moved (a gate's decision, a person's note), or null
 */
public record AliasChange(
    String artifact,
    String alias,
    Integer fromVersion,
    Integer toVersion,
    Instant changedAt,
    String changedBy,
    String reason) {}
