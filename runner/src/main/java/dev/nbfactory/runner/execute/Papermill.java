package dev.nbfactory.runner.execute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.runner.notebook.Cell;
import dev.nbfactory.runner.notebook.NotebookDocument;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * papermill's conventions, kept exactly so that tools reading papermill output read ours: the
 * metadata keys and their types, the time format (UTC ISO-8601 without a zone, as Python's {@code
 * utcnow().isoformat()}), the cell tags and the error banner.
 */
final class Papermill {
  static final String PARAMETERS_TAG = "parameters";
  static final String INJECTED_TAG = "injected-parameters";
  static final String ERROR_TAG = "papermill-error-cell-tag";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");
  private static final String STYLE =
      "color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;";

  private Papermill() {}

  static String time(Instant instant) {
    return TIME.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  static double seconds(Instant start, Instant end) {
    return (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
  }

  /** A cell's papermill metadata before it runs. */
  static void pending(Cell cell) {
    ObjectNode pm = cell.metadata().putObject("papermill");
    pm.putNull("exception");
    pm.putNull("start_time");
    pm.putNull("end_time");
    pm.putNull("duration");
    pm.put("status", "pending");
  }

  static void started(Cell cell, Instant start) {
    ObjectNode pm = (ObjectNode) cell.metadata().get("papermill");
    pm.put("start_time", time(start));
    pm.put("status", "running");
  }

  static void ended(Cell cell, Instant start, Instant end, boolean failed) {
    ObjectNode pm = (ObjectNode) cell.metadata().get("papermill");
    pm.put("end_time", time(end));
    pm.put("duration", seconds(start, end));
    pm.put("exception", failed);
    pm.put("status", failed ? "failed" : "completed");
  }

  /** The banner at the top linking to the failed cell, and the marker just above that cell. */
  static void errorBanner(NotebookDocument doc, Cell failed, Integer executionCount) {
    String count = executionCount == null ? " " : executionCount.toString();
    Cell marker =
        Cell.markdown(
            "<span id=\"papermill-error-cell\" style=\""
                + STYLE
                + "\">Execution using papermill encountered an exception here and stopped:</span>",
            ERROR_TAG);
    doc.insert(doc.indexOf(failed), marker);
    Cell top =
        Cell.markdown(
            "<span style=\""
                + STYLE
                + "\">An Exception was encountered at '<a href=\"#papermill-error-cell\">In ["
                + count
                + "]</a>'.</span>",
            ERROR_TAG);
    doc.insert(0, top);
  }

  /** Banners left by an earlier run of this notebook. */
  static void removeBanners(NotebookDocument doc) {
    for (Cell c : doc.cells()) {
      if (c.hasTag(ERROR_TAG)) {
        doc.remove(c);
      }
    }
  }
}
