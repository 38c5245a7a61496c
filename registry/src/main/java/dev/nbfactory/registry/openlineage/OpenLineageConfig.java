package dev.nbfactory.registry.openlineage;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.RunListener;
import io.openlineage.client.Clients;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.net.URISyntaxException;
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

  /**
   * An emitter configured from the environment, or empty when OpenLineage is not configured. The
   * Java client's own discovery knows files and {@code OPENLINEAGE__} variables; {@code
   * OPENLINEAGE_URL} alone is read as OpenLineage's Python client reads it (see {@link
   * #httpClient}).
   */
  public static Optional<OpenLineageEmitter> emitter(Map<String, String> env, Path cwd) {
    if ("true".equalsIgnoreCase(env.get("OPENLINEAGE_DISABLED"))) {
      return Optional.empty();
    }
    boolean file = env.containsKey("OPENLINEAGE_CONFIG") || configFile(cwd);
    boolean variables = env.keySet().stream().anyMatch(k -> k.startsWith("OPENLINEAGE__"));
    if (!file && !variables && !env.containsKey("OPENLINEAGE_URL")) {
      return Optional.empty();
    }
    // Variables alone are read directly: the client's own discovery looks for a file first and
    // logs its absence as a warning with a stack trace, on every command.
    OpenLineageClient client =
        file
            ? Clients.newClient()
            : variables
                ? Clients.newClient(
                    OpenLineageClientUtils.loadOpenLineageConfigFromEnvVars(
                        new TypeReference<io.openlineage.client.OpenLineageConfig<?>>() {}))
                : httpClient(env);
    return Optional.of(new OpenLineageEmitter(client, namespace(env)));
  }

  /**
   * HTTP to {@code OPENLINEAGE_URL}, at {@code OPENLINEAGE_ENDPOINT} (default {@code
   * api/v1/lineage}), with {@code OPENLINEAGE_API_KEY} as a bearer token when set.
   */
  private static OpenLineageClient httpClient(Map<String, String> env) {
    HttpConfig http = new HttpConfig();
    try {
      http.setUrl(new URI(env.get("OPENLINEAGE_URL").strip()));
    } catch (URISyntaxException e) {
      throw new InvalidInputException(
          "OPENLINEAGE_URL is not a URL ("
              + e.getReason()
              + "): give the server's base, such as http://localhost:5000");
    }
    String endpoint = env.get("OPENLINEAGE_ENDPOINT");
    if (endpoint != null && !endpoint.isBlank()) {
      http.setEndpoint(endpoint.strip());
    }
    String key = env.get("OPENLINEAGE_API_KEY");
    if (key != null && !key.isBlank()) {
      ApiKeyTokenProvider token = new ApiKeyTokenProvider();
      token.setApiKey(key.strip());
      http.setAuth(token);
    }
    return OpenLineageClient.builder().transport(new HttpTransport(http)).build();
  }

  /** An emitter configured from one {@code openlineage.yml} file. */
  public static OpenLineageEmitter fromFile(Path configFile, String namespace) {
    OpenLineageClient client = Clients.newClient(() -> List.of(configFile));
    return new OpenLineageEmitter(client, namespace);
  }

  private static boolean configFile(Path cwd) {
    return Files.isRegularFile(cwd.resolve("openlineage.yml"))
        || Files.isRegularFile(
            Path.of(System.getProperty("user.home"), ".openlineage", "openlineage.yml"));
  }

  static String namespace(Map<String, String> env) {
    String ns = env.get("OPENLINEAGE_NAMESPACE");
    return ns == null || ns.isBlank() ? DEFAULT_NAMESPACE : ns;
  }
}
