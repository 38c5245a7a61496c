package dev.nbfactory.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Notes which runs a transaction started and finished, so listeners hear of them after commit. */
final class TrackingWriter implements RegistryWriter {
  private final RegistryWriter delegate;
  private final ArtifactStore store;
  private final List<String> started;
  private final List<String> finished;

  TrackingWriter(
      RegistryWriter delegate, ArtifactStore store, List<String> started, List<String> finished) {
    this.delegate = delegate;
    this.store = store;
    this.started = started;
    this.finished = finished;
  }

  @Override
  public Run startRun(RunStart start) {
    Run run = delegate.startRun(start);
    started.add(run.id());
    return run;
  }

  @Override
  public boolean heartbeat(String runId) {
    return delegate.heartbeat(runId);
  }

  @Override
  public Run finishRun(String runId, RunStatus status, String error) {
    Run run = delegate.finishRun(runId, status, error);
    finished.add(run.id());
    return run;
  }

  @Override
  public void logParameters(String runId, Map<String, ?> values, SecretMarks marks) {
    delegate.logParameters(runId, values, marks);
  }

  @Override
  public ArtifactVersion logInput(String runId, String ref) {
    return delegate.logInput(runId, ref);
  }

  /**
   * The registry never points at bytes the store lacks: the object must be there, and is freshened
   * so a concurrent gc keeps it until the reference commits.
   */
  @Override
  public ArtifactVersion logOutput(String runId, OutputSpec output) {
    if (!store.contains(output.contentHash())) {
      throw new InvalidInputException(
          "object "
              + output.contentHash()
              + " for '"
              + output.name()
              + "' is not in the artifact store "
              + store.location()
              + ": store the bytes before recording the version");
    }
    store.freshen(output.contentHash());
    return delegate.logOutput(runId, output);
  }

  /** Bytes said to be stored must be; bytes that happen to be stored count as stored. */
  @Override
  public ArtifactVersion logExternalInput(String runId, OutputSpec file, boolean stored) {
    boolean inStore = store.contains(file.contentHash());
    if (stored && !inStore) {
      throw new InvalidInputException(
          "object "
              + file.contentHash()
              + " for '"
              + file.name()
              + "' is not in the artifact store "
              + store.location()
              + ": store the bytes before recording the file as stored");
    }
    if (inStore) {
      store.freshen(file.contentHash());
    }
    return delegate.logExternalInput(runId, file, inStore);
  }

  @Override
  public void logMetric(String runId, String key, double value, long step) {
    delegate.logMetric(runId, key, value, step);
  }

  @Override
  public void logMetrics(String runId, Map<String, ? extends Number> values, long step) {
    delegate.logMetrics(runId, values, step);
  }

  @Override
  public void logChecks(String runId, List<CheckResult> checks) {
    delegate.logChecks(runId, checks);
  }

  @Override
  public void setRunTag(String runId, String key, String value) {
    delegate.setRunTag(runId, key, value);
  }

  @Override
  public void setVersionTag(String ref, String key, String value) {
    delegate.setVersionTag(ref, key, value);
  }

  @Override
  public AliasChange setAlias(String versionRef, String alias, String changedBy, String reason) {
    return delegate.setAlias(versionRef, alias, changedBy, reason);
  }

  @Override
  public AliasChange removeAlias(String artifact, String alias, String changedBy, String reason) {
    return delegate.removeAlias(artifact, alias, changedBy, reason);
  }

  @Override
  public List<Run> markLost(Duration timeout) {
    List<Run> lost = delegate.markLost(timeout);
    lost.forEach(run -> finished.add(run.id()));
    return lost;
  }
}
