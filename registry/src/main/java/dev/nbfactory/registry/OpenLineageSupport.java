package dev.nbfactory.registry;

import dev.nbfactory.registry.openlineage.OpenLineageConfig;
import java.nio.file.Path;

/** Attaches an OpenLineage emitter to a registry when the environment configures one. */
final class OpenLineageSupport {
  private OpenLineageSupport() {}

  static void configure(Registry registry) {
    OpenLineageConfig.fromEnvironment(System.getenv(), Path.of("").toAbsolutePath())
        .ifPresent(registry::addListener);
  }
}
