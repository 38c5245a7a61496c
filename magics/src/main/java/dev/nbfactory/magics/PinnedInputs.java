package dev.nbfactory.magics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.FactoryException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versions a parent pins a stage's inputs to, so that a member of a grid reads what its own
 * upstream stages wrote even while another member writes a newer version of the same artifact. It
 * travels as a JSON object of artifact name to version number in {@value #ENV}; only a bare name
 * ({@code cancer-model}) is pinned, never a reference that names its version or alias.
 */
public final class PinnedInputs {
  /** The environment variable the pins travel in. */
  public static final String ENV = "FACTORY_PINNED_INPUTS";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile Map<String, Integer> fromProcess;

  private PinnedInputs() {}

  /** {@code ref} as this process's pins have it: {@code name@N} when its name is pinned. */
  public static String apply(String ref) {
    Map<String, Integer> pins = fromProcess;
    if (pins == null) {
      pins = parse(System.getenv(ENV));
      fromProcess = pins;
    }
    return apply(ref, pins);
  }

  /** {@code ref} as {@code pins} have it. */
  public static String apply(String ref, Map<String, Integer> pins) {
    if (ref == null || ref.indexOf('@') >= 0) {
      return ref;
    }
    Integer version = pins.get(ref);
    return version == null ? ref : ref + "@" + version;
  }

  /** The pins in {@code text}, as {@link #json} writes them; none when blank. */
  public static Map<String, Integer> parse(String text) {
    Map<String, Integer> pins = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return pins;
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (!node.isObject()) {
        throw new IOException("not a JSON object");
      }
      node.properties().forEach(e -> pins.put(e.getKey(), e.getValue().asInt()));
      return pins;
    } catch (IOException e) {
      throw new FactoryException(
          ENV
              + " must be a JSON object of artifact name to version ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); it is written by 'factory pipeline run --grid': unset it to run by hand",
          e);
    }
  }

  /** The text of {@value #ENV} for {@code pins}. */
  public static String json(Map<String, Integer> pins) {
    var node = JSON.createObjectNode();
    pins.forEach(node::put);
    return node.toString();
  }
}
