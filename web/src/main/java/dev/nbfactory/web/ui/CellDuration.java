package dev.nbfactory.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How long a cell ran, from papermill's {@code metadata.papermill.duration} or the timestamps in
 * {@code metadata.execution}; empty when the notebook does not say.
 */
final class CellDuration {
  private CellDuration() {}

  /** The duration as a short text ("120 ms", "3.4 s", "2 min 5 s"), or "" when unknown. */
  static String of(JsonNode metadata) {
    JsonNode seconds = metadata.path("papermill").path("duration");
    if (seconds.isNumber()) {
      return format(seconds.doubleValue());
    }
    JsonNode execution = metadata.path("execution");
    JsonNode start = execution.path("iopub.execute_input");
    if (!start.isTextual()) {
      start = execution.path("shell.execute_reply.started");
    }
    JsonNode end = execution.path("shell.execute_reply");
    if (start.isTextual() && end.isTextual()) {
      try {
        Duration d =
            Duration.between(
                OffsetDateTime.parse(start.textValue()), OffsetDateTime.parse(end.textValue()));
        return format(d.toNanos() / 1e9);
      } catch (DateTimeParseException e) {
        return ""; // a timestamp in another format: no duration rather than a wrong one
      }
    }
    return "";
  }

  static String format(double seconds) {
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      return "";
    }
    if (seconds < 1) {
      return String.format(Locale.ROOT, "%d ms", Math.round(seconds * 1000));
    }
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long whole = Math.round(seconds);
    return String.format(Locale.ROOT, "%d min %d s", whole / 60, whole % 60);
  }
}
