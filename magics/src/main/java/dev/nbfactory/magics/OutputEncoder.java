package dev.nbfactory.magics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.magics.codec.ChartCodec;
import dev.nbfactory.magics.codec.Json;
import dev.nbfactory.magics.codec.ModelCodec;
import dev.nbfactory.magics.codec.TableCodec;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.OutputSpec;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import org.tribuo.Model;
import tech.tablesaw.api.Table;

/**
 * How a value a notebook outputs is stored: its bytes in the artifact store and what the registry
 * records of them (kind, media type, schema, metadata), by the value's class: a Tablesaw table, a
 * Tribuo model, an XChart chart (and its SVG beside it), a report, a file or bytes.
 */
final class OutputEncoder {
  private OutputEncoder() {}

  static OutputSpec encode(Registry registry, String runId, String name, Object value) {
    var store = registry.store();
    if (value instanceof Table table) {
      StoredObject object = store.write(out -> TableCodec.write(table, out));
      ObjectNode meta = Json.MAPPER.createObjectNode();
      meta.put("format", "csv");
      meta.put("tableName", table.name());
      meta.put("rows", table.rowCount());
      meta.put("columns", table.columnCount());
      return spec(name, ArtifactKind.DATASET, object, TableCodec.MEDIA_TYPE)
          .withSchema(TableCodec.schema(table))
          .withMetadata(Json.write(meta));
    }
    if (value instanceof Model<?> model) {
      String[] mediaType = new String[1];
      StoredObject object = store.write(out -> mediaType[0] = ModelCodec.write(model, out));
      return spec(name, ArtifactKind.MODEL, object, mediaType[0])
          .withMetadata(ModelCodec.metadata(model, mediaType[0]));
    }
    if (value instanceof Chart<?, ?> chart) {
      try {
        ArtifactNames.validate(ChartCodec.svgName(name));
        StoredObject svg = store.put(ChartCodec.svg(chart));
        ArtifactVersion svgVersion =
            registry.logOutput(
                runId, spec(ChartCodec.svgName(name), ArtifactKind.CHART, svg, ChartCodec.SVG));
        StoredObject png = store.put(ChartCodec.png(chart));
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("chartClass", chart.getClass().getName());
        meta.put("title", chart.getTitle());
        meta.put("width", chart.getWidth());
        meta.put("height", chart.getHeight());
        meta.put("svg", svgVersion.ref());
        return spec(name, ArtifactKind.CHART, png, ChartCodec.PNG).withMetadata(Json.write(meta));
      } catch (IOException e) {
        throw new UncheckedIOException("could not draw chart '" + name + "'", e);
      }
    }
    if (value instanceof CharSequence text) {
      String report = text.toString();
      String mediaType = report.stripLeading().startsWith("<") ? "text/html" : "text/markdown";
      StoredObject object = store.put(report.getBytes(StandardCharsets.UTF_8));
      return spec(name, ArtifactKind.REPORT, object, mediaType);
    }
    if (value instanceof Path file) {
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException(
            "output '" + name + "': " + file + " is not a regular file");
      }
      StoredObject object = store.put(file);
      ObjectNode meta = Json.MAPPER.createObjectNode();
      meta.put("fileName", file.getFileName().toString());
      return spec(name, ArtifactKind.FILE, object, mediaType(file)).withMetadata(Json.write(meta));
    }
    if (value instanceof byte[] bytes) {
      return spec(name, ArtifactKind.FILE, store.put(bytes), "application/octet-stream");
    }
    throw new InvalidInputException(
        "cannot store a "
            + value.getClass().getName()
            + " as '"
            + name
            + "': give a Tablesaw Table, a Tribuo Model, an XChart chart, a String report, a"
            + " Path or a byte[]");
  }

  private static OutputSpec spec(
      String name, ArtifactKind kind, StoredObject object, String mediaType) {
    return OutputSpec.of(name, kind, object, mediaType);
  }

  private static final Map<String, String> MEDIA_TYPES =
      Map.of(
          "csv", "text/csv",
          "json", "application/json",
          "txt", "text/plain",
          "md", "text/markdown",
          "html", "text/html",
          "png", "image/png",
          "svg", "image/svg+xml",
          "parquet", "application/vnd.apache.parquet",
          "ipynb", "application/x-ipynb+json");

  static String mediaType(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return MEDIA_TYPES.getOrDefault(ext, "application/octet-stream");
  }
}
