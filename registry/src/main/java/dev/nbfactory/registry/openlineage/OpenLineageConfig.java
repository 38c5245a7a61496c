package dev.nbfactory.registry.openlineage;

import dev.nbfactory.registry.RunListener;
import io.openlineage.client.Clients;
import io.openlineage.client.OpenLineageClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether to send OpenLineage events, the way OpenLineage users configure it. Off unless
 * one of these exists: {@code OPENLINEAGE_CONFIG}, {@code openlineage.yml} in the working directory
 * or {@code ~/.openlineage/}, {@code OPENLINEAGE_URL}, or an {@code OPENLINEAGE__...} variable.
 * {@code OPENLINEAGE_DISABLED=true} turns it off. The job namespace is {@code
 * OPENLINEAGE_NAMESPACE}, else {@code notebook-factory}.
 */
public final class OpenLineageConfig implements RunListener.Source {
  public static final String DEFAULT_NAMESPACE = "notebook-factory";

  /** For {@link java.util.ServiceLoader}: every registry opened asks it. */
  public OpenLineageConfig() {}

  @Override
  public Optional<RunListener> fromEnvironment(Map<String, String> env, Path cwd) {
    return emitter(env, cwd).map(RunListener.class::cast);
  }

  /** An emitter configured from the environment, or empty when OpenLineage is not configured. */
  public static Optional<OpenLineageEmitter> emitter(Map<String, String> env, Path cwd) {
    if ("true".equalsIgnoreCase(env.get("OPENLINEAGE_DISABLED")) || !configured(env, cwd)) {
      return Optional.empty();
    }
    OpenLineageClient client = Clients.newClient();
    return Optional.of(new OpenLineageEmitter(client, namespace(env)));
  }

  /** An emitter configured from one {@code openlineage.yml} file. */
  public static OpenLineageEmitter fromFile(Path configFile, String namespace) {
    OpenLineageClient client = Clients.newClient(() -> List.of(configFile));
    return new OpenLineageEmitter(client, namespace);
  }

  static boolean configured(Map<String, String> env, Path cwd) {
    if (env.containsKey("OPENLINEAGE_CONFIG") || env.containsKey("OPENLINEAGE_URL")) {
      return true;
    }
    if (env.keySet().stream().anyMatch(k -> k.startsWith("OPENLINEAGE__"))) {
      return true;
    }
    return Files.isRegularFile(cwd.resolve("openlineage.yml"))
        || Files.isRegularFile(
            Path.of(System.getProperty("user.home"), ".openlineage", "openlineage.yml"));
  }

  static String namespace(Map<String, String> env) {
    String ns = env.get("OPENLINEAGE_NAMESPACE");
    return ns == null || ns.isBlank() ? DEFAULT_NAMESPACE : ns;
  }
}
