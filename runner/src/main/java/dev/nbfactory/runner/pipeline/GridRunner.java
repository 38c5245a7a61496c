package dev.nbfactory.runner.pipeline;

import dev.nbfactory.runner.pipeline.GridPlan.Task;
import dev.nbfactory.runner.pipeline.StageResult.State;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a {@link GridPlan}, up to {@code jobs} tasks at once: a task starts once every task it reads
 * from has succeeded or is up to date, so a task several members share runs once and they all wait
 * for it; its inputs are pinned to the versions those tasks wrote, so members running side by side
 * never read each other's outputs. A failed task blocks only the tasks downstream of it: the
 * members that need it.
 */
public final class GridRunner {
  private final GridPlan plan;
  private final int jobs;
  private final boolean force;
  private final Launcher launcher;
  private final UpToDate upToDate;
  private final Consumer<String> say;

  /** A stage run's id and the versions it wrote, artifact name to version number. */
  public record Done(String runId, Map<String, Integer> outputs) {}

  /** How one task ended. */
  public record TaskResult(Task task, StageResult result, Done done) {
    public boolean ok() {
      return result.state() == State.SUCCEEDED || result.state() == State.SKIPPED;
    }
  }

  /** Runs a task's stage to its end with its inputs pinned; its run, or null when it failed. */
  @FunctionalInterface
  public interface Launcher {
    Outcome run(Task task, Map<String, Integer> pins) throws Exception;
  }

  /** A launched stage's exit code and, when it recorded a run, that run. */
  public record Outcome(int exitCode, Done done) {}

  /** The earlier run that makes a task up to date with these pins, or empty when it must run. */
  @FunctionalInterface
  public interface UpToDate {
    Optional<Done> check(Task task, Map<String, Integer> pins);
  }

  public GridRunner(
      GridPlan plan,
      int jobs,
      boolean force,
      Launcher launcher,
      UpToDate upToDate,
      Consumer<String> say) {
    if (jobs < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1");
    }
    this.plan = plan;
    this.jobs = jobs;
    this.force = force;
    this.launcher = launcher;
    this.upToDate = upToDate;
    this.say = say;
  }

  /** Runs every task; their results in plan order. */
  public Map<Task, TaskResult> run() throws InterruptedException {
    Map<Task, TaskResult> results = new LinkedHashMap<>();
    Set<Task> running = new LinkedHashSet<>();
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    CompletionService<TaskResult> done = new ExecutorCompletionService<>(pool);
    try {
      while (results.size() < plan.tasks().size()) {
        for (Task task : plan.tasks()) {
          if (results.containsKey(task) || running.contains(task)) {
            continue;
          }
          Optional<String> blocker = failedUpstream(task, results);
          if (blocker.isPresent()) {
            record(
                results, new TaskResult(task, result(task, State.BLOCKED, blocker.get(), 0), null));
            continue;
          }
          if (running.size() >= jobs || !task.dependsOn().stream().allMatch(results::containsKey)) {
            continue;
          }
          Map<String, Integer> pins = pins(task, results);
          running.add(task);
          done.submit(() -> runTask(task, pins));
        }
        if (results.size() >= plan.tasks().size()) {
          break;
        }
        if (running.isEmpty()) {
          throw new IllegalStateException("no task can start: " + plan.tasks());
        }
        Future<TaskResult> next = done.take();
        TaskResult r;
        try {
          r = next.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a stage runner failed", e.getCause());
        }
        running.remove(r.task());
        record(results, r);
      }
    } finally {
      pool.shutdownNow();
    }
    Map<Task, TaskResult> ordered = new LinkedHashMap<>();
    plan.tasks().forEach(t -> ordered.put(t, results.get(t)));
    return ordered;
  }

  /** The versions the tasks {@code task} reads from wrote (or, up to date, had written). */
  private static Map<String, Integer> pins(Task task, Map<Task, TaskResult> results) {
    Map<String, Integer> pins = new LinkedHashMap<>();
    for (Task dep : task.dependsOn()) {
      Done d = results.get(dep).done();
      if (d != null && results.get(dep).ok()) {
        pins.putAll(d.outputs());
      }
    }
    return pins;
  }

  private TaskResult runTask(Task task, Map<String, Integer> pins) {
    if (!force) {
      Optional<Done> earlier = upToDate.check(task, pins);
      if (earlier.isPresent()) {
        String run = earlier.get().runId();
        return new TaskResult(
            task,
            result(
                task,
                State.SKIPPED,
                "same code, parameters and inputs as run "
                    + run.substring(0, Math.min(8, run.length())),
                0),
            earlier.get());
      }
    }
    say.accept("started  " + task);
    long start = System.nanoTime();
    try {
      Outcome outcome = launcher.run(task, pins);
      double seconds = seconds(start);
      if (outcome.exitCode() == 0 && outcome.done() != null) {
        return new TaskResult(task, result(task, State.SUCCEEDED, "", seconds), outcome.done());
      }
      // a failed run's id stays with it, for the member's record; nothing reads its outputs
      return new TaskResult(
          task,
          result(task, State.FAILED, "exit code " + outcome.exitCode(), seconds),
          outcome.done());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new TaskResult(task, result(task, State.FAILED, "interrupted", seconds(start)), null);
    } catch (Exception e) {
      return new TaskResult(
          task, result(task, State.FAILED, String.valueOf(e.getMessage()), seconds(start)), null);
    }
  }

  private static StageResult result(Task task, State state, String detail, double seconds) {
    return new StageResult(task.stage(), state, detail, seconds);
  }

  private static double seconds(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0;
  }

  private static Optional<String> failedUpstream(Task task, Map<Task, TaskResult> results) {
    for (Task dep : task.dependsOn()) {
      TaskResult r = results.get(dep);
      if (r != null && !r.ok()) {
        return Optional.of(
            "not run: "
                + (r.result().state() == State.FAILED
                    ? "'" + dep + "' failed"
                    : "'" + dep + "' was not run"));
      }
    }
    return Optional.empty();
  }

  private void record(Map<Task, TaskResult> results, TaskResult r) {
    results.put(r.task(), r);
    StageResult s = r.result();
    say.accept(
        String.format(
            java.util.Locale.ROOT,
            "%-8s %s%s",
            s.state().name().toLowerCase(java.util.Locale.ROOT),
            r.task(),
            (s.seconds() > 0 ? String.format(java.util.Locale.ROOT, " in %.1f s", s.seconds()) : "")
                + (s.detail().isEmpty() ? "" : ": " + s.detail())));
  }

  /** Convenience for callers: the results of member {@code m}, stage by stage. */
  public static List<TaskResult> ofMember(
      GridPlan plan, Map<Task, TaskResult> results, int member) {
    List<TaskResult> out = new ArrayList<>();
    plan.member(member).values().forEach(t -> out.add(results.get(t)));
    return out;
  }
}
