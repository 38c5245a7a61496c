package dev.nbfactory.kernel;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The kernel's settings, from the environment (IJava's {@code IJAVA_*} settings under a {@code
 * FACTORY_} prefix).
 *
 * @param classpath extra jars and directories for cells ({@code FACTORY_CLASSPATH}, separated by
 *     the platform's path separator)
 * @param startupScripts files of Java code run before the first cell ({@code
 *     FACTORY_STARTUP_SCRIPTS_PATH}, path-separated)
 * @param startupScript Java code run before the first cell, after the scripts ({@code
 *     FACTORY_STARTUP_SCRIPT})
 * @param timeout how long a cell may run before it is interrupted; zero for no limit ({@code
 *     FACTORY_TIMEOUT}, in seconds)
 * @param compilerOptions extra javac options for cells ({@code FACTORY_COMPILER_OPTS},
 *     space-separated)
 */
public record KernelSettings(
    List<String> classpath,
    List<String> startupScripts,
    String startupScript,
    Duration timeout,
    List<String> compilerOptions) {

  /** No extra classpath, no startup code, no timeout. */
  public static KernelSettings defaults() {
    return new KernelSettings(List.of(), List.of(), "", Duration.ZERO, List.of());
  }

  /** The settings in {@code env}; a malformed timeout is an error, not ignored. */
  public static KernelSettings fromEnvironment(Map<String, String> env) {
    String timeout = env.getOrDefault("FACTORY_TIMEOUT", "").trim();
    Duration limit;
    try {
      limit =
          timeout.isEmpty() || timeout.equals("-1")
              ? Duration.ZERO
              : Duration.ofMillis(Math.round(Double.parseDouble(timeout) * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "FACTORY_TIMEOUT must be a number of seconds, not '" + timeout + "'", e);
    }
    return new KernelSettings(
        paths(env.get("FACTORY_CLASSPATH")),
        paths(env.get("FACTORY_STARTUP_SCRIPTS_PATH")),
        env.getOrDefault("FACTORY_STARTUP_SCRIPT", ""),
        limit.isNegative() ? Duration.ZERO : limit,
        words(env.get("FACTORY_COMPILER_OPTS")));
  }

  private static List<String> paths(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String p : value.split(File.pathSeparator)) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return List.copyOf(out);
  }

  private static List<String> words(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.trim().split("\\s+")).toList();
  }
}
