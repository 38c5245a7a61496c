package dev.nbfactory.web.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The JSON the server writes on every request (answers, logged features and scores), streamed
 * rather than built as a tree of nodes first: the same text as {@code
 * mapper.valueToTree(value).toString()} gives, at a fraction of the allocations.
 */
final class JsonText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonText() {}

  /** Writes {@code out} with a fresh compact generator and returns the text. */
  static String write(Writing out) {
    StringWriter text = new StringWriter(128);
    try (JsonGenerator gen = JSON.getFactory().createGenerator(text)) {
      out.to(gen);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  /** Something written to a generator. */
  @FunctionalInterface
  interface Writing {
    void to(JsonGenerator gen) throws IOException;
  }

  /** Row {@code r} of {@code rows} as an object of its values, leaving out missing ones. */
  static String row(Table rows, int r) {
    return write(
        gen -> {
          gen.writeStartObject();
          for (Column<?> c : rows.columns()) {
            if (!c.isMissing(r)) {
              gen.writeFieldName(c.name());
              value(gen, c.get(r));
            }
          }
          gen.writeEndObject();
        });
  }

  /** Each label's score, in the map's order. */
  static String scores(Map<String, Double> scores) {
    return write(gen -> scores(gen, scores));
  }

  static void scores(JsonGenerator gen, Map<String, Double> scores) throws IOException {
    gen.writeStartObject();
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      gen.writeFieldName(e.getKey());
      value(gen, e.getValue());
    }
    gen.writeEndObject();
  }

  /** One value as Jackson's tree would write it; types a column rarely holds go through it. */
  static void value(JsonGenerator gen, Object v) throws IOException {
    if (v == null) {
      gen.writeNull();
    } else if (v instanceof Double d) {
      gen.writeNumber(d);
    } else if (v instanceof String s) {
      gen.writeString(s);
    } else if (v instanceof Boolean b) {
      gen.writeBoolean(b);
    } else if (v instanceof Integer i) {
      gen.writeNumber(i);
    } else if (v instanceof Long l) {
      gen.writeNumber(l);
    } else if (v instanceof Float f) {
      gen.writeNumber(f);
    } else if (v instanceof Short s) {
      gen.writeNumber(s);
    } else {
      JSON.writeTree(gen, JSON.valueToTree(v));
    }
  }

  /** The answer's body: each row's decision, scores, id, and the version that made it. */
  static String answer(ServedModel served, List<ServedModel.Decision> decisions, List<String> ids) {
    int version = served.version().version();
    return write(
        gen -> {
          gen.writeStartObject();
          gen.writeArrayFieldStart("predictions");
          for (int i = 0; i < decisions.size(); i++) {
            ServedModel.Decision d = decisions.get(i);
            gen.writeStartObject();
            gen.writeFieldName("prediction");
            value(gen, d.output());
            if (d.scores() != null) {
              gen.writeFieldName("scores");
              scores(gen, d.scores());
            }
            gen.writeStringField("prediction_id", ids.get(i));
            gen.writeNumberField("model_version", version);
            gen.writeEndObject();
          }
          gen.writeEndArray();
          gen.writeEndObject();
        });
  }
}
