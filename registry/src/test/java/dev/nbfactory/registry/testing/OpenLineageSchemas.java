package dev.nbfactory.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.nbfactory.registry.openlineage.OpenLineageEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates an event as OpenLineage's consumers do: the whole event against the official
 * OpenLineage.json, then every facet against the schema its own {@code _schemaURL} names. The
 * official schemas are read from test resources laid out as their URLs, ours from the files the
 * registry's jar ships, so nothing is fetched and every URL must resolve to a real file.
 */
public final class OpenLineageSchemas {
  public static final String EVENT_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistry schemas =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b ->
              b.schemaIdResolvers(
                  r ->
                      r.mapPrefix("https://openlineage.io/spec/", "classpath:openlineage-spec/")
                          .mapPrefix(
                              OpenLineageEmitter.SPEC_URL,
                              "classpath:" + OpenLineageEmitter.SPEC_RESOURCES)));

  /** Every violation in one event, each with where it is; empty when the event is valid. */
  public List<String> violations(String eventJson) throws Exception {
    JsonNode event = JSON.readTree(eventJson);
    List<String> out = new ArrayList<>();
    check(EVENT_SCHEMA + "#/$defs/RunEvent", event, "event", out);
    facets(event.path("run").path("facets"), "run", out);
    facets(event.path("job").path("facets"), "job", out);
    for (String side : List.of("inputs", "outputs")) {
      for (JsonNode dataset : event.path(side)) {
        facets(dataset.path("facets"), side + " " + dataset.path("name").asText(), out);
      }
    }
    return out;
  }

  private void facets(JsonNode facets, String where, List<String> out) {
    for (Map.Entry<String, JsonNode> facet : facets.properties()) {
      String url = facet.getValue().path("_schemaURL").asText(null);
      if (url == null) {
        out.add(where + " facet " + facet.getKey() + ": no _schemaURL");
        continue;
      }
      check(url, facet.getValue(), where + " facet " + facet.getKey(), out);
    }
  }

  private void check(String url, JsonNode node, String where, List<String> out) {
    Schema schema = schemas.getSchema(SchemaLocation.of(url));
    for (Error error : schema.validate(node)) {
      out.add(where + " (" + url + "): " + error);
    }
  }
}
