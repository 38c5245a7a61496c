package dev.nbfactory.web.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A {@code POST /invocations} body as MLflow's scoring server reads it, as a table of rows: JSON
 * with exactly one of {@code dataframe_split} ({@code {"columns": [...], "data": [[...]]}}), {@code
 * dataframe_records} ({@code [{...}]}), {@code instances} ({@code [{...}]}) or {@code inputs}
 * ({@code {"col": [...]}} or {@code [{...}]}), and an optional {@code params} object; or CSV with a
 * header. A column's JSON values are all numbers, all booleans or all text (null is missing).
 */
final class ScoringInput {
  /** The input fields MLflow accepts, in its order. */
  static final List<String> FIELDS =
      List.of("dataframe_split", "dataframe_records", "instances", "inputs");

  private static final ObjectMapper JSON = new ObjectMapper();

  private ScoringInput() {}

  /** The rows of a JSON body; throws {@link BadRequest} naming what is wrong. */
  static Table json(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new BadRequest("the body cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadRequest(exactlyOne());
    }
    List<String> given = new ArrayList<>();
    for (String field : FIELDS) {
      if (root.has(field)) {
        given.add(field);
      }
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name) && !name.equals("params")) {
        throw new BadRequest("unknown field '" + name + "': " + exactlyOne());
      }
    }
    if (given.size() != 1) {
      throw new BadRequest(exactlyOne());
    }
    if (root.has("params") && !root.get("params").isObject()) {
      throw new BadRequest("'params' must be an object");
    }
    String field = given.get(0);
    JsonNode value = root.get(field);
    return switch (field) {
      case "dataframe_split" -> split(value);
      case "inputs" -> value.isObject() ? columnar(value) : records(value, field);
      default -> records(value, field);
    };
  }

  /** The rows of a CSV body with a header. */
  static Table csv(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw new BadRequest("the CSV body is empty: send a header line, then one line per row");
    }
    try {
      return Table.read()
          .usingOptions(CsvReadOptions.builder(new StringReader(text)).tableName("request"));
    } catch (RuntimeException e) {
      throw new BadRequest("the CSV body cannot be read: " + e.getMessage());
    }
  }

  private static String exactlyOne() {
    return "the body must be a JSON object with exactly one of the fields "
        + FIELDS
        + " (and optionally 'params'), or CSV with Content-Type: text/csv";
  }

  private static Table split(JsonNode value) {
    if (!value.isObject() || !value.path("columns").isArray() || !value.path("data").isArray()) {
      throw new BadRequest(
          "'dataframe_split' must be {\"columns\": [...], \"data\": [[...], ...]}");
    }
    List<String> columns = new ArrayList<>();
    value.get("columns").forEach(c -> columns.add(c.asText()));
    Columns out = new Columns();
    columns.forEach(out::declare);
    int row = 0;
    for (JsonNode data : value.get("data")) {
      if (!data.isArray() || data.size() != columns.size()) {
        throw new BadRequest(
            "'dataframe_split' row "
                + row
                + " has "
                + (data.isArray() ? data.size() : 0)
                + " values for "
                + columns.size()
                + " columns");
      }
      for (int c = 0; c < columns.size(); c++) {
        out.put(columns.get(c), data.get(c), row);
      }
      row++;
    }
    return out.table(row);
  }

  private static Table records(JsonNode value, String field) {
    if (!value.isArray()) {
      throw new BadRequest("'" + field + "' must be a list of objects, one per row");
    }
    Columns out = new Columns();
    int row = 0;
    for (JsonNode record : value) {
      if (!record.isObject()) {
        throw new BadRequest(
            "'"
                + field
                + "' row "
                + row
                + " is not an object: send each row as {\"feature\": value, ...}");
      }
      for (Map.Entry<String, JsonNode> e : record.properties()) {
        out.declare(e.getKey());
        out.put(e.getKey(), e.getValue(), row);
      }
      row++;
    }
    return out.table(row);
  }

  private static Table columnar(JsonNode value) {
    Columns out = new Columns();
    int rows = -1;
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      JsonNode values = e.getValue();
      if (!values.isArray()) {
        throw new BadRequest("'inputs' field '" + e.getKey() + "' must be a list of values");
      }
      if (rows >= 0 && values.size() != rows) {
        throw new BadRequest(
            "'inputs' fields have different lengths: '" + e.getKey() + "' has " + values.size());
      }
      rows = values.size();
      out.declare(e.getKey());
      for (int r = 0; r < values.size(); r++) {
        out.put(e.getKey(), values.get(r), r);
      }
    }
    return out.table(Math.max(rows, 0));
  }

  /** Columns filled row by row; each keeps the one JSON type it was given. */
  private static final class Columns {
    private final Map<String, Map<Integer, JsonNode>> values = new LinkedHashMap<>();

    void declare(String name) {
      values.putIfAbsent(name, new LinkedHashMap<>());
    }

    void put(String name, JsonNode value, int row) {
      if (value != null && !value.isNull()) {
        if (value.isContainerNode()) {
          throw new BadRequest("field '" + name + "' in row " + row + " is not a single value");
        }
        values.get(name).put(row, value);
      }
    }

    Table table(int rows) {
      Table table = Table.create("request");
      Set<String> names = new java.util.HashSet<>();
      values.forEach(
          (name, byRow) -> {
            // Tablesaw's names are case-insensitive; its own check of each column added
            // lower-cases every name already there, which a row of 30 fields paid 435 times.
            if (!names.add(name.toLowerCase(java.util.Locale.ROOT))) {
              throw new BadRequest("field '" + name + "' is given twice (names ignore case)");
            }
            table.internalAddWithoutValidation(column(name, byRow, rows)); // each has `rows` rows
          });
      return table;
    }

    private static tech.tablesaw.columns.Column<?> column(
        String name, Map<Integer, JsonNode> byRow, int rows) {
      Set<String> kinds = new java.util.TreeSet<>();
      byRow.values().forEach(v -> kinds.add(kind(v)));
      if (kinds.size() > 1) {
        throw new BadRequest("field '" + name + "' mixes " + String.join(" and ", kinds));
      }
      String kind = kinds.isEmpty() ? "numbers" : kinds.iterator().next();
      switch (kind) {
        case "numbers" -> {
          DoubleColumn c = DoubleColumn.create(name, rows);
          for (int r = 0; r < rows; r++) {
            JsonNode v = byRow.get(r);
            if (v == null) {
              c.setMissing(r);
            } else {
              c.set(r, v.doubleValue());
            }
          }
          return c;
        }
        case "booleans" -> {
          BooleanColumn c = BooleanColumn.create(name, rows);
          for (int r = 0; r < rows; r++) {
            JsonNode v = byRow.get(r);
            if (v == null) {
              c.setMissing(r);
            } else {
              c.set(r, v.booleanValue());
            }
          }
          return c;
        }
        default -> {
          StringColumn c = StringColumn.create(name);
          for (int r = 0; r < rows; r++) {
            JsonNode v = byRow.get(r);
            c.append(v == null ? "" : v.asText());
          }
          return c;
        }
      }
    }

    private static String kind(JsonNode v) {
      return v.isNumber() ? "numbers" : v.isBoolean() ? "booleans" : "text";
    }
  }
}
