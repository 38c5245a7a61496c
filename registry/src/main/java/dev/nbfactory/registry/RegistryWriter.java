package dev.nbfactory.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything that changes the registry. Calls on {@link Registry} each run in their own
 * transaction; inside {@link Registry#write} they share one, which is how a batch is recorded fast.
 */
public interface RegistryWriter {

  /** Opens a run in RUNNING state; the stage is created on first use. */
  Run startRun(RunStart start);

  /**
   * Says the run's process is alive. Returns false when the run is no longer RUNNING (finished, or
   * marked LOST), so the caller can stop.
   */
  boolean heartbeat(String runId);

  /**
   * Ends a RUNNING (or LOST) run with a final status; {@code error} summarises a failure and may be
   * null.
   */
  Run finishRun(String runId, RunStatus status, String error);

  /** Records parameters; the values of those {@code marks} call secret are masked first. */
  void logParameters(String runId, Map<String, ?> values, SecretMarks marks);

  /** Records that the run read the version {@code ref} resolves to, and returns that version. */
  ArtifactVersion logInput(String runId, String ref);

  /**
   * Records a version the run wrote (bytes already stored). The same bytes under the same name are
   * the same version. {@code runId} may be null for versions recorded outside any run.
   */
  ArtifactVersion logOutput(String runId, OutputSpec output);

  /**
   * Records that the run read a raw file or folder from outside the factory: {@code file} is an
   * {@link ArtifactKind#EXTERNAL} spec, named by {@link ArtifactNames#external its location}; the
   * same content is the same version. {@code stored} says whether its bytes are in the artifact
   * store; when false the registry keeps only the hash and location. Returns the version.
   */
  ArtifactVersion logExternalInput(String runId, OutputSpec file, boolean stored);

  void logMetric(String runId, String key, double value, long step);

  void logMetrics(String runId, Map<String, ? extends Number> values, long step);

  /** Records data checks the run made, in order, after any it recorded before. */
  void logChecks(String runId, List<CheckResult> checks);

  void setRunTag(String runId, String key, String value);

  void setVersionTag(String ref, String key, String value);

  /**
   * Points {@code alias} of the version's artifact at that version, keeping the old target in
   * history with who moved it and why ({@code reason} may be null).
   */
  AliasChange setAlias(String versionRef, String alias, String changedBy, String reason);

  AliasChange removeAlias(String artifact, String alias, String changedBy, String reason);

  /**
   * Marks RUNNING runs with no heartbeat for longer than {@code timeout} as LOST, and returns them.
   */
  List<Run> markLost(Duration timeout);
}
