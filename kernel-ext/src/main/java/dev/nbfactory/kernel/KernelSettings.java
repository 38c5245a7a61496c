package dev.nbfactory.kernel;

import dev.nbfactory.registry.RunKind;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The kernel's settings: from the environment (IJava's {@code IJAVA_*} settings under a {@code
 * FACTORY_} prefix), and from its host, which says how the session runs ({@link #withMode}) and
 * which connection file started the kernel ({@link #withConnectionFile}).
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
 * @param historyFile the SQLite file that keeps executed cells across sessions ({@code
 *     FACTORY_HISTORY}; default {@code $XDG_DATA_HOME/factory-java/history.sqlite}, that is {@code
 *     ~/.local/share/factory-java/history.sqlite}); empty when {@code FACTORY_HISTORY=off}: the
 *     history is then this session's only
 * @param mavenRepository the local Maven repository for {@code %maven} ({@code
 *     FACTORY_MAVEN_REPO}); empty for the one of {@code ~/.m2/settings.xml}, or {@code
 *     ~/.m2/repository}
 * @param mode how the session runs, as the kernel's host says: {@link RunKind#INTERACTIVE} for a
 *     kernel Jupyter started (the default), the runner's kind for the kernel it embeds
 * @param connectionFile the Jupyter connection file the kernel was started with, for finding its
 *     notebook; empty for an embedded kernel
 */
public record KernelSettings(
    List<String> classpath,
    List<String> startupScripts,
    String startupScript,
    Duration timeout,
    List<String> compilerOptions,
    Optional<Path> historyFile,
    Optional<Path> mavenRepository,
    RunKind mode,
    Optional<Path> connectionFile) {

  /**
   * No extra classpath, no startup code, no timeout, history kept in memory only; interactive, with
   * no connection file.
   */
  public static KernelSettings defaults() {
    return new KernelSettings(
        List.of(),
        List.of(),
        "",
        Duration.ZERO,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        RunKind.INTERACTIVE,
        Optional.empty());
  }

  /** These settings for a session that runs as {@code mode}. */
  public KernelSettings withMode(RunKind mode) {
    return new KernelSettings(
        classpath,
        startupScripts,
        startupScript,
        timeout,
        compilerOptions,
        historyFile,
        mavenRepository,
        Objects.requireNonNull(mode, "mode"),
        connectionFile);
  }

  /** These settings for a kernel started with the connection file {@code file}. */
  public KernelSettings withConnectionFile(Path file) {
    return new KernelSettings(
        classpath,
        startupScripts,
        startupScript,
        timeout,
        compilerOptions,
        historyFile,
        mavenRepository,
        mode,
        Optional.of(file.toAbsolutePath()));
  }

  /** These settings with the cell history kept in {@code file}. */
  public KernelSettings withHistoryFile(Path file) {
    return new KernelSettings(
        classpath,
        startupScripts,
        startupScript,
        timeout,
        compilerOptions,
        Optional.of(file),
        mavenRepository,
        mode,
        connectionFile);
  }

  /**
   * The settings in {@code env}, for an interactive session; a malformed timeout is an error, not
   * ignored.
   */
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
    String maven = env.getOrDefault("FACTORY_MAVEN_REPO", "").trim();
    return new KernelSettings(
        paths(env.get("FACTORY_CLASSPATH")),
        paths(env.get("FACTORY_STARTUP_SCRIPTS_PATH")),
        env.getOrDefault("FACTORY_STARTUP_SCRIPT", ""),
        limit.isNegative() ? Duration.ZERO : limit,
        words(env.get("FACTORY_COMPILER_OPTS")),
        historyFile(env),
        maven.isEmpty() ? Optional.empty() : Optional.of(Path.of(maven).toAbsolutePath()),
        RunKind.INTERACTIVE,
        Optional.empty());
  }

  private static Optional<Path> historyFile(Map<String, String> env) {
    String value = env.getOrDefault("FACTORY_HISTORY", "").trim();
    if (value.equalsIgnoreCase("off") || value.equalsIgnoreCase("false")) {
      return Optional.empty();
    }
    if (!value.isEmpty()) {
      return Optional.of(Path.of(value).toAbsolutePath());
    }
    String xdg = env.getOrDefault("XDG_DATA_HOME", "").trim();
    Path data =
        xdg.isEmpty() ? Path.of(System.getProperty("user.home"), ".local", "share") : Path.of(xdg);
    return Optional.of(data.resolve("factory-java").resolve("history.sqlite").toAbsolutePath());
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
