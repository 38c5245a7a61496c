package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Column;
import dev.nbfactory.registry.Run;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;

/**
 * The {@code --json} form of registry records. Built field by field, not by reflection, so the
 * output is a stable contract: times are ISO-8601 strings, enums lower case, absent values null.
 */
final class JsonOutput {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonOutput() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static void print(PrintWriter out, JsonNode node) {
    try {
      out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("could not write JSON", e);
    }
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  static String name(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  /** A number, or its name as a string when JSON has none (NaN, infinities). */
  static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.put(key, Double.toString(value));
    }
  }

  /** A run's own fields; {@code now} measures the duration of a run still going. */
  static ObjectNode run(Run run, Instant now) {
    ObjectNode node = object();
    node.put("id", run.id());
    node.put("shortId", run.shortId());
    node.put("stage", run.stage());
    node.put("status", name(run.status()));
    node.put("kind", name(run.kind()));
    node.put("startedAt", time(run.startedAt()));
    node.put("endedAt", time(run.endedAt()));
    node.put("durationMillis", run.duration(now).toMillis());
    node.put("heartbeatAt", time(run.heartbeatAt()));
    node.put("notebookPath", run.notebookPath());
    node.put("notebookHash", run.notebookHash());
    node.put("gitCommit", run.gitCommit());
    node.put("javaVersion", run.javaVersion());
    node.put("host", run.host());
    node.put("user", run.user());
    node.put("parentRunId", run.parentRunId());
    node.put("schedule", run.schedule());
    node.put("fireTime", time(run.fireTime()));
    node.put("error", run.error());
    ArrayNode classpath = node.putArray("classpath");
    run.classpath().forEach(classpath::add);
    return node;
  }

  /** A version without its metadata and schema: what lists and trees need. */
  static ObjectNode versionSummary(ArtifactVersion version) {
    ObjectNode node = object();
    node.put("ref", version.ref());
    node.put("name", version.name());
    node.put("version", version.version());
    node.put("kind", name(version.kind()));
    node.put("contentHash", version.contentHash());
    node.put("size", version.size());
    node.put("mediaType", version.mediaType());
    node.put("producerRunId", version.producerRunId());
    node.put("createdAt", time(version.createdAt()));
    return node;
  }

  /**
   * A version with its schema and the metadata JSON its writer attached (parsed when it parses).
   */
  static ObjectNode version(ArtifactVersion version) {
    ObjectNode node = versionSummary(version);
    ArrayNode schema = node.putArray("schema");
    for (Column column : version.schema()) {
      schema.addObject().put("name", column.name()).put("type", column.type());
    }
    if (version.metadata() == null) {
      node.putNull("metadata");
    } else {
      try {
        node.set("metadata", MAPPER.readTree(version.metadata()));
      } catch (JsonProcessingException e) {
        node.put("metadata", version.metadata());
      }
    }
    return node;
  }
}
