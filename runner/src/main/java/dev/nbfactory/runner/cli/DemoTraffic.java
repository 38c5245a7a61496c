package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.FactoryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The demo's production traffic: held-out tumours imaged by a new scanner that magnifies 1.5 times
 * (radius and perimeter read 1.5 times larger, area 2.25), each sent to {@code factory serve} as an
 * application would, one request a tumour, in MLflow's {@code dataframe_split} form; then the true
 * diagnoses sent back to {@code /feedback}.
 */
final class DemoTraffic {
  /** The new scanner's magnification of lengths; areas grow with its square. */
  static final double MAGNIFICATION = 1.5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String target;

  /**
   * @param base the server's address, {@code http://127.0.0.1:PORT}
   * @param target the column holding the true outcome, never sent as a feature
   */
  DemoTraffic(String base, String target) {
    this.base = base;
    this.target = target;
  }

  /** The rows as the new scanner reads them. */
  static Table magnified(Table rows) {
    Table out = rows.copy();
    for (Column<?> c : List.copyOf(out.columns())) {
      String name = c.name().toLowerCase(Locale.ROOT);
      double factor =
          name.contains("area")
              ? MAGNIFICATION * MAGNIFICATION
              : name.contains("radius") || name.contains("perimeter") ? MAGNIFICATION : 1;
      if (factor != 1 && c instanceof NumericColumn<?> n) {
        DoubleColumn scaled = n.asDoubleColumn().multiply(factor).setName(c.name());
        out.replaceColumn(c.name(), scaled);
      }
    }
    return out;
  }

  /**
   * Sends each row as a request, then its true outcome as feedback; returns how many answers were
   * right, as the application saw them.
   */
  int replay(Table rows) throws IOException, InterruptedException {
    ArrayNode outcomes = JSON.createArrayNode();
    int right = 0;
    for (int r = 0; r < rows.rowCount(); r++) {
      ObjectNode split = JSON.createObjectNode();
      ArrayNode columns = split.putArray("columns");
      ArrayNode values = split.putArray("data").addArray();
      for (Column<?> c : rows.columns()) {
        if (!c.name().equals(target)) {
          columns.add(c.name());
          values.add(((NumericColumn<?>) c).getDouble(r));
        }
      }
      ObjectNode body = JSON.createObjectNode();
      body.set("dataframe_split", split);
      JsonNode answer = post("/invocations", body).get("predictions").get(0);
      String actual = rows.stringColumn(target).get(r);
      right += answer.get("prediction").asText().equals(actual) ? 1 : 0;
      outcomes
          .addObject()
          .put("prediction_id", answer.get("prediction_id").asText())
          .put("actual", actual);
    }
    JsonNode taken = post("/feedback", outcomes);
    if (taken.get("accepted").asInt() != rows.rowCount()) {
      throw new FactoryException("the server took back only some outcomes: " + taken);
    }
    return right;
  }

  private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new FactoryException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}
