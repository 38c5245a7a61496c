package dev.nbfactory.registry;

import java.time.Instant;
import java.util.List;

/**
 * One immutable content of an artifact. Versions are numbered 1, 2, 3 per artifact; the same bytes
 * stored again under the same name are the same version.
 *
 * @param id the registry's internal key, stable across names and aliases
 * @param schema the columns, for tables; empty otherwise
 * @param metadata extra JSON the writer attached, such as a model's provenance; may be null
 * @param producerRunId the run that first produced it; null when recorded outside a run
 */
public record ArtifactVersion(
    long id,
    String name,
    ArtifactKind kind,
    int version,
    String contentHash,
    long size,
    String mediaType,
    List<Column> schema,
    String metadata,
    String producerRunId,
    Instant createdAt) {

  public ArtifactVersion {
    schema = schema == null ? List.of() : List.copyOf(schema);
  }

  /** {@code name@version}: a reference that always resolves back to this version. */
  public String ref() {
    return name + "@" + version;
  }

  /** The first 12 hex digits of the content hash, enough to tell versions apart. */
  public String shortHash() {
    return contentHash.substring(0, Math.min(12, contentHash.length()));
  }
}
