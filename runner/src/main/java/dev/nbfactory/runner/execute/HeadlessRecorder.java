package dev.nbfactory.runner.execute;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.SecretMarks;
import dev.nbfactory.runner.notebook.NotebookDocument;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records a headless run in the registry through the JVM's {@link FactorySession}, which the
 * notebook's own Factory calls and magics then share: the run is opened before the kernel starts
 * (so a kernel that never starts is on record too), heartbeats while it runs, and at the end gets
 * the executed notebook as an artifact and the status its outcome gives.
 */
final class HeadlessRecorder implements NotebookExecutor.RunObserver {
  private static final int MAX_ERROR = 8_000;

  private final Registry registry;
  private final FactorySession session;
  private final String stage;
  private final String runId;
  private final ScheduledExecutorService beat;
  private volatile boolean disownedOnce;

  /**
   * Configures the session for a headless run and opens the run as {@code contract} says,
   * heartbeating as often as it says. When a heartbeat finds the run no longer RUNNING (a scheduler
   * replaced it, timed it out, or declared it LOST), {@code disowned} is called once: this process
   * must stop, since someone else now answers for that firing.
   *
   * @param parameters as {@link dev.nbfactory.runner.params.ParameterBinding#recorded} gives them
   * @param marks what the parameters cell marks secret or not ({@code %%params --secret NAME})
   * @throws dev.nbfactory.registry.FiringTakenException when the contract claims a firing that
   *     already has a run
   */
  HeadlessRecorder(
      Registry registry,
      String stage,
      Path notebook,
      Map<String, String> parameters,
      SecretMarks marks,
      RunContract contract,
      Runnable disowned) {
    this.registry = registry;
    this.stage = stage;
    NotebookContext.Builder context =
        NotebookContext.builder()
            .notebookPath(notebook.toAbsolutePath())
            .kind(contract.kind())
            .registry(registry);
    if (contract.parentRun() != null) {
      context.parentRun(contract.parentRun());
    }
    if (contract.claimFiring()) {
      context.schedule(contract.schedule(), contract.nominalTime());
    } else if (contract.schedule() != null) {
      context.retry(contract.schedule(), contract.nominalTime());
    }
    this.session = FactorySession.configure(context.build());
    this.runId = session.stage(stage).id();
    session.bindParameters(parameters, marks);
    Duration heartbeat = contract.heartbeat();
    this.beat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "factory-heartbeat");
              t.setDaemon(true);
              return t;
            });
    beat.scheduleAtFixedRate(
        () -> {
          boolean alive;
          try {
            alive = registry.heartbeat(runId);
          } catch (RuntimeException e) {
            return; // a busy registry misses one beat; the next one comes in HEARTBEAT
          }
          if (!alive && !disownedOnce) {
            disownedOnce = true;
            disowned.run();
          }
        },
        heartbeat.toMillis(),
        heartbeat.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  public String runId() {
    return runId;
  }

  /** The run's tag {@value Run#PROGRESS_TAG}, such as {@code 3/8 cells}, for anyone watching. */
  @Override
  public void progress(int done, int total) {
    try {
      registry.setRunTag(runId, Run.PROGRESS_TAG, done + "/" + total + " cells");
    } catch (RuntimeException e) {
      // only a view of the run: the run goes on, and its heartbeat reports a lost registry
    }
  }

  @Override
  public void finished(RunResult result, NotebookDocument executed) {
    beat.shutdownNow();
    registry.putOutput(
        runId,
        stage + ".ipynb",
        ArtifactKind.NOTEBOOK,
        "application/x-ipynb+json",
        executed.toBytes());
    RunStatus status = status(result.outcome());
    String error = error(result);
    try {
      session.close(status, error);
      // A notebook that moved on to a stage of its own left this run open: it ends by the outcome.
      if (registry.run(runId).status() == RunStatus.RUNNING) {
        registry.finishRun(runId, status, error);
      }
    } catch (InvalidInputException e) {
      // Already finished by the scheduler (timed out, replaced) or declared LOST: that stands.
    }
  }

  /** The run is gone: its parent scheduler died, so it is LOST; this process stops right after. */
  public void abandon(String why) {
    beat.shutdownNow();
    try {
      registry.finishRun(runId, RunStatus.LOST, why);
    } catch (RuntimeException e) {
      // finished meanwhile, or the registry is unreachable: the heartbeat timeout decides then
    }
  }

  static RunStatus status(Outcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> RunStatus.SUCCEEDED;
      case FAILED, KERNEL_DIED -> RunStatus.FAILED;
      case TIMED_OUT -> RunStatus.TIMED_OUT;
      case KILLED -> RunStatus.KILLED;
    };
  }

  /** Cell index, exception and traceback, as a person reading {@code factory show} needs them. */
  static String error(RunResult result) {
    if (result.outcome() == Outcome.SUCCEEDED) {
      return null;
    }
    StringBuilder s = new StringBuilder();
    if (result.outcome() == Outcome.KERNEL_DIED) {
      s.append("kernel died: ");
    }
    if (result.failedCell() >= 0) {
      s.append("cell ").append(result.failedCell());
      if (result.executionCount() != null) {
        s.append(" (In [").append(result.executionCount()).append("])");
      }
      s.append(": ");
    }
    s.append(result.ename()).append(": ").append(result.evalue());
    for (String line : result.plainTraceback()) {
      s.append('\n').append(line);
    }
    return s.length() > MAX_ERROR ? s.substring(0, MAX_ERROR) + "\n..." : s.toString();
  }
}
