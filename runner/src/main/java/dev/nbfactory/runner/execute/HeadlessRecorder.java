package dev.nbfactory.runner.execute;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.runner.notebook.NotebookDocument;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
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
public final class HeadlessRecorder implements NotebookExecutor.RunObserver {
  /** How often a running headless run says it is alive. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private static final int MAX_ERROR = 8_000;

  private final Registry registry;
  private final FactorySession session;
  private final String stage;
  private final String runId;
  private final ScheduledExecutorService beat;
  private volatile boolean disownedOnce;

  /**
   * Configures the session for a headless run and opens the run, heartbeating every {@code
   * heartbeat}. When a heartbeat finds the run no longer RUNNING (a scheduler replaced it, timed it
   * out, or declared it LOST), {@code disowned} is called once: this process must stop, since
   * someone else now answers for that firing.
   *
   * @param parameters as {@link dev.nbfactory.runner.params.ParameterBinding#recorded} gives them
   * @param secretNames names the parameters cell marks secret ({@code %%params --secret NAME})
   * @param schedule the schedule that fired the run, with {@code fireTime}; null otherwise
   */
  public HeadlessRecorder(
      Registry registry,
      String stage,
      Path notebook,
      Map<String, String> parameters,
      Collection<String> secretNames,
      RunKind kind,
      String parentRunId,
      String schedule,
      Instant fireTime,
      Duration heartbeat,
      Runnable disowned) {
    this.registry = registry;
    this.stage = stage;
    NotebookContext.Builder context =
        NotebookContext.builder()
            .notebookPath(notebook.toAbsolutePath())
            .kind(kind)
            .registry(registry);
    if (parentRunId != null) {
      context.parentRun(parentRunId);
    }
    if (schedule != null) {
      context.schedule(schedule, fireTime);
    }
    this.session = FactorySession.configure(context.build());
    this.runId = session.stage(stage).id();
    session.bindParameters(parameters, secretNames);
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

  /**
   * The heartbeat period {@code FACTORY_HEARTBEAT_SECONDS} sets (tests), else {@link #HEARTBEAT}.
   */
  public static Duration heartbeat(Map<String, String> env) {
    String text = env.get("FACTORY_HEARTBEAT_SECONDS");
    if (text == null || text.isBlank()) {
      return HEARTBEAT;
    }
    try {
      double seconds = Double.parseDouble(text.strip());
      if (seconds > 0) {
        return Duration.ofMillis((long) (seconds * 1000));
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new InvalidInputException(
        "FACTORY_HEARTBEAT_SECONDS='" + text + "' is not a positive number of seconds");
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
