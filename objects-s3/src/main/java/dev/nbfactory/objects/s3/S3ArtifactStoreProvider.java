package dev.nbfactory.objects.s3;

import dev.nbfactory.registry.ArtifactStore;
import dev.nbfactory.registry.ArtifactStoreProvider;
import java.net.URI;
import java.util.Map;

/**
 * Opens {@code FACTORY_OBJECTS=s3://bucket/prefix}; found by the registry through ServiceLoader.
 */
public final class S3ArtifactStoreProvider implements ArtifactStoreProvider {
  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public ArtifactStore open(URI location, Map<String, String> env) {
    return new S3ArtifactStore(
        S3Clients.fromEnvironment(env), S3Keys.of(location), ObjectCache.fromEnvironment(env));
  }
}
