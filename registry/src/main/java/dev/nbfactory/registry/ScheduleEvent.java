package dev.nbfactory.registry;

import java.time.Instant;

/**
 * Something that happened to a schedule: promoted, paused, resumed, deleted by a person, or a
 * firing a scheduler skipped, with why.
 *
 * @param event such as {@code PROMOTED}, {@code PAUSED}, {@code SKIPPED}
 */
public record ScheduleEvent(
    long id, String schedule, String event, Instant at, String user, String detail) {}
