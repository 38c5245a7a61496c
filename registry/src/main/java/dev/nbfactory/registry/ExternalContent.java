package dev.nbfactory.registry;

import java.nio.file.Path;

/**
 * The content of an external file or folder as the registry versions it.
 *
 * @param location the absolute, normalized path
 * @param contentHash the file's SHA-256; a folder's is the SHA-256 of its manifest
 * @param size the file's size; a folder's is the sum of its files' sizes
 * @param manifest for a folder, one line per file under it, sorted: relative path, size and hash,
 *     separated by tabs; null for a file
 */
public record ExternalContent(Path location, String contentHash, long size, byte[] manifest) {
  public boolean isFolder() {
    return manifest != null;
  }

  /** The registry name of this location: {@code file:/absolute/path}. */
  public String name() {
    return ArtifactNames.external(location);
  }
}
