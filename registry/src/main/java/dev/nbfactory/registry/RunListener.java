package dev.nbfactory.registry;

/**
 * Told of runs that started or finished, after their transaction committed. OpenLineage events are
 * sent this way.
 */
public interface RunListener {
  void runStarted(RunRecord run);

  void runFinished(RunRecord run);
}
