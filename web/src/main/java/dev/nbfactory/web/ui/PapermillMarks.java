package dev.nbfactory.web.ui;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * papermill's marks in an executed notebook, which {@code factory run} writes too: the tagged
 * markdown banners, and the failed cell they link to as {@code #papermill-error-cell}.
 */
final class PapermillMarks {
  /** The tag of papermill's banner cells. */
  static final String ERROR_TAG = "papermill-error-cell-tag";

  /** The anchor the banner links to; the page gives it to the failed cell. */
  static final String ANCHOR = "papermill-error-cell";

  private PapermillMarks() {}

  /** A markdown cell papermill inserted: the banner at the top or the marker above the failure. */
  static boolean isBanner(JsonNode cell) {
    return "markdown".equals(cell.path("cell_type").asText())
        && NotebookJson.hasTag(cell, ERROR_TAG);
  }

  /** A code cell papermill marked failed: status "failed", exception true, or the error tag. */
  static boolean failed(JsonNode cell) {
    if (!"code".equals(cell.path("cell_type").asText())) {
      return false;
    }
    JsonNode pm = cell.path("metadata").path("papermill");
    return "failed".equals(pm.path("status").asText())
        || pm.path("exception").asBoolean(false)
        || NotebookJson.hasTag(cell, ERROR_TAG);
  }

  /**
   * The index of the cell the banner's link leads to: the first failed cell or, in a notebook with
   * a banner but no failure recorded in cell metadata, the first code cell with an error output; -1
   * when there is none.
   */
  static int anchoredCell(JsonNode cells) {
    boolean banner = false;
    int firstError = -1;
    for (int i = 0; i < cells.size(); i++) {
      JsonNode cell = cells.get(i);
      if (failed(cell)) {
        return i;
      }
      banner |= isBanner(cell);
      if (firstError < 0 && "code".equals(cell.path("cell_type").asText()) && hasError(cell)) {
        firstError = i;
      }
    }
    return banner ? firstError : -1;
  }

  private static boolean hasError(JsonNode cell) {
    for (JsonNode output : cell.path("outputs")) {
      if ("error".equals(output.path("output_type").asText())) {
        return true;
      }
    }
    return false;
  }
}
