package dev.nbfactory.registry;

import java.util.List;
import java.util.Objects;

/**
 * A version to record as a run's output. The bytes must already be in the {@link
 * dev.nbfactory.registry.ArtifactStore} under {@code contentHash}.
 */
public record OutputSpec(
    String name,
    ArtifactKind kind,
    String contentHash,
    long size,
    String mediaType,
    List<Column> schema,
    String metadata) {

  public OutputSpec {
    ArtifactNames.validate(name);
    Objects.requireNonNull(kind, "kind");
    if (ArtifactNames.isExternal(name) != (kind == ArtifactKind.EXTERNAL)) {
      throw new InvalidInputException(
          kind == ArtifactKind.EXTERNAL
              ? "external artifact '" + name + "' must be named file:/ABSOLUTE/PATH"
              : "'"
                  + name
                  + "' names a file outside the factory; store the "
                  + kind.name().toLowerCase(java.util.Locale.ROOT)
                  + " under a name without 'file:'");
    }
    Objects.requireNonNull(contentHash, "contentHash");
    schema = schema == null ? List.of() : List.copyOf(schema);
  }

  public static OutputSpec of(
      String name,
      ArtifactKind kind,
      dev.nbfactory.registry.StoredObject object,
      String mediaType) {
    return new OutputSpec(name, kind, object.hash(), object.size(), mediaType, List.of(), null);
  }

  public OutputSpec withSchema(List<Column> columns) {
    return new OutputSpec(name, kind, contentHash, size, mediaType, columns, metadata);
  }

  public OutputSpec withMetadata(String json) {
    return new OutputSpec(name, kind, contentHash, size, mediaType, schema, json);
  }
}
