package dev.nbfactory.magics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.magics.codec.Json;
import dev.nbfactory.magics.codec.TableCodec;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Column;
import dev.nbfactory.registry.ExternalContent;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.OutputSpec;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * Raw files and folders a stage reads from outside the factory ({@code Factory.file}, {@code
 * Factory.csv}): found by {@link RawFiles}, hashed by the registry, stored unless told not to, and
 * recorded as inputs of the run.
 */
final class RawInputs {
  private RawInputs() {}

  /**
   * Records that the open run read a raw file or folder from outside the factory ({@link
   * RawFiles#locate found} as the class comment of {@link RawFiles} says) and returns its absolute
   * path. The file is versioned by its content hash under the name {@code file:/absolute/path}.
   * With {@code store}, a file's bytes (a folder's manifest) go into the artifact store too, so the
   * version it read can be read back after the file changes; without, only the hash and location
   * are recorded, for files too large to copy.
   */
  static Path file(Registry registry, String runId, String location, boolean store) {
    ExternalContent content = registry.externalContent(RawFiles.locate(location));
    if (store) {
      storeExternal(registry, content);
    }
    recordExternal(registry, runId, content, store, List.of());
    return content.location();
  }

  /**
   * Reads a raw CSV file into a table named after the file, recording it as {@link #file} does
   * (bytes stored); the table is parsed from the stored bytes, so it is exactly the version
   * recorded.
   */
  static Table csv(Registry registry, String runId, String location) {
    ExternalContent content = registry.externalContent(RawFiles.locate(location));
    if (content.isFolder()) {
      throw new InvalidInputException(
          content.location()
              + " is a folder: read its files with Factory.csv(\"FOLDER/FILE.csv\")");
    }
    storeExternal(registry, content);
    String file = content.location().getFileName().toString();
    String tableName = file.endsWith(".csv") ? file.substring(0, file.length() - 4) : file;
    Table table;
    try (InputStream in = registry.store().open(content.contentHash())) {
      table =
          Table.read()
              .usingOptions(tech.tablesaw.io.csv.CsvReadOptions.builder(in).tableName(tableName));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + content.location(), e);
    }
    recordExternal(registry, runId, content, true, TableCodec.schema(table));
    return table;
  }

  private static void storeExternal(Registry registry, ExternalContent content) {
    StoredObject object =
        content.isFolder()
            ? registry.store().put(content.manifest())
            : registry.store().put(content.location());
    if (!object.hash().equals(content.contentHash())) {
      throw new FactoryException(
          content.location()
              + " changed while it was read: run the cell again once the file is completely"
              + " written");
    }
  }

  private static ArtifactVersion recordExternal(
      Registry registry,
      String runId,
      ExternalContent content,
      boolean stored,
      List<Column> schema) {
    ObjectNode meta = Json.MAPPER.createObjectNode();
    meta.put("location", content.location().toString());
    meta.put("folder", content.isFolder());
    meta.put("stored", stored);
    String mediaType =
        content.isFolder()
            ? "text/tab-separated-values"
            : OutputEncoder.mediaType(content.location());
    OutputSpec spec =
        new OutputSpec(
            content.name(),
            ArtifactKind.EXTERNAL,
            content.contentHash(),
            content.size(),
            mediaType,
            schema,
            Json.write(meta));
    return registry.logExternalInput(runId, spec, stored);
  }
}
