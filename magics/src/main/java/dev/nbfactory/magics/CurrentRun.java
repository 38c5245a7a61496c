package dev.nbfactory.magics;

import dev.nbfactory.registry.RunKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a notebook may know of the run it records into ({@code Factory.run()}): enough to name it in
 * a report or a log line, without the registry's whole API.
 *
 * @param parameters as recorded: secrets read {@link dev.nbfactory.registry.Secrets#MASK}
 */
public record CurrentRun(String id, String stage, RunKind kind, Map<String, String> parameters) {
  public CurrentRun {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** The first 8 hex digits of the id, as the command line shows runs. */
  public String shortId() {
    return id.substring(0, Math.min(8, id.length()));
  }
}
