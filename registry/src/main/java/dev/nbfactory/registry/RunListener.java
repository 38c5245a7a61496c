package dev.nbfactory.registry;

/**
 * Told of runs that started or finished, after their transaction committed. OpenLineage events are
 * sent this way.
 */
public interface RunListener {
  void runStarted(RunRecord run);

  void runFinished(RunRecord run);

  /**
   * Makes the listeners the environment configures: every registry opened attaches them. Found with
   * {@link java.util.ServiceLoader}, so that the registry knows no listener's package.
   */
  interface Source {
    /** The listener {@code env} and the working directory {@code cwd} configure, if any. */
    java.util.Optional<RunListener> fromEnvironment(
        java.util.Map<String, String> env, java.nio.file.Path cwd);
  }
}
