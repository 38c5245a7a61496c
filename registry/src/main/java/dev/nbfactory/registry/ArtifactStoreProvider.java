package dev.nbfactory.registry;

import java.net.URI;
import java.util.Map;

/**
 * Opens an artifact store that is not a folder, such as {@code s3://bucket/prefix}. Found through
 * {@link java.util.ServiceLoader} by the URL scheme of {@code FACTORY_OBJECTS}, so the registry
 * carries no client library of its own: a store's module brings its provider and its SDK.
 */
public interface ArtifactStoreProvider {

  /** The URL scheme this provider opens, such as {@code s3}. */
  String scheme();

  /**
   * The store at {@code location}, configured from {@code env} and the client library's own
   * standard configuration (credentials never appear in {@code location}).
   */
  ArtifactStore open(URI location, Map<String, String> env);
}
