package dev.nbfactory.runner.pipeline;

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

/**
 * Runs a {@link PipelinePlan}: a stage starts once every stage it reads from has succeeded or is up
 * to date, up to {@code jobs} at once; a stage whose inputs, notebook and parameters are those of
 * its last successful run is skipped; a failed stage blocks everything downstream of it, and the
 * rest goes on.
 */
public final class PipelineRunner {
  private final PipelinePlan plan;
  private final int jobs;
  private final boolean force;
  private final StageLauncher launcher;
  private final UpToDate upToDate;
  private final PipelineProgress progress;

  /** Runs one stage to its end, in a process of its own; returns its exit code. */
  @FunctionalInterface
  public interface StageLauncher {
    int run(StageNotebook stage) throws Exception;
  }

  /** Why a stage need not run, or empty when it must. */
  @FunctionalInterface
  public interface UpToDate {
    Optional<String> check(StageNotebook stage);
  }

  public PipelineRunner(
      PipelinePlan plan,
      int jobs,
      boolean force,
      StageLauncher launcher,
      UpToDate upToDate,
      PipelineProgress progress) {
    if (jobs < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1");
    }
    this.plan = plan;
    this.jobs = jobs;
    this.force = force;
    this.launcher = launcher;
    this.upToDate = upToDate;
    this.progress = progress;
  }

  /**
   * Runs {@code selected} (all stages when null) in dependency order; stages outside the selection
   * are taken as done.
   */
  public List<StageResult> run(Set<String> selected) throws InterruptedException {
    Set<String> todo = new LinkedHashSet<>(selected == null ? plan.order() : selected);
    todo.retainAll(plan.order());
    Map<String, StageResult> results = new LinkedHashMap<>();
    Set<String> running = new LinkedHashSet<>();
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    CompletionService<StageResult> done = new ExecutorCompletionService<>(pool);
    try {
      while (results.size() < todo.size()) {
        for (String stage : plan.order()) {
          if (!todo.contains(stage) || results.containsKey(stage) || running.contains(stage)) {
            continue;
          }
          Optional<String> blocker = failedUpstream(stage, results);
          if (blocker.isPresent()) {
            record(results, new StageResult(stage, State.BLOCKED, blocker.get(), 0));
            continue;
          }
          if (!ready(stage, todo, results) || running.size() >= jobs) {
            continue;
          }
          running.add(stage);
          done.submit(() -> runStage(stage));
        }
        if (results.size() >= todo.size()) {
          break;
        }
        if (running.isEmpty()) {
          throw new IllegalStateException("no stage can start: " + todo + " " + results.keySet());
        }
        Future<StageResult> next = done.take();
        StageResult r;
        try {
          r = next.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("a stage runner failed", e.getCause());
        }
        running.remove(r.stage());
        record(results, r);
      }
    } finally {
      pool.shutdownNow();
    }
    List<StageResult> ordered = new ArrayList<>();
    for (String stage : plan.order()) {
      if (results.containsKey(stage)) {
        ordered.add(results.get(stage));
      }
    }
    return ordered;
  }

  private StageResult runStage(String stage) {
    StageNotebook s = plan.stage(stage);
    if (!force) {
      Optional<String> why = upToDate.check(s);
      if (why.isPresent()) {
        return new StageResult(stage, State.SKIPPED, why.get(), 0);
      }
    }
    progress.started(s);
    long start = System.nanoTime();
    int code;
    try {
      code = launcher.run(s);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new StageResult(stage, State.FAILED, "interrupted", seconds(start));
    } catch (Exception e) {
      return new StageResult(stage, State.FAILED, String.valueOf(e.getMessage()), seconds(start));
    }
    return code == 0
        ? new StageResult(stage, State.SUCCEEDED, "", seconds(start))
        : new StageResult(stage, State.FAILED, "exit code " + code, seconds(start));
  }

  private static double seconds(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0;
  }

  private boolean ready(String stage, Set<String> todo, Map<String, StageResult> results) {
    for (String dep : plan.dependencies(stage)) {
      if (!todo.contains(dep)) {
        continue; // outside the selection: taken as done
      }
      StageResult r = results.get(dep);
      if (r == null || (r.state() != State.SUCCEEDED && r.state() != State.SKIPPED)) {
        return false;
      }
    }
    return true;
  }

  private Optional<String> failedUpstream(String stage, Map<String, StageResult> results) {
    for (String dep : plan.dependencies(stage)) {
      StageResult r = results.get(dep);
      if (r != null && (r.state() == State.FAILED || r.state() == State.BLOCKED)) {
        return Optional.of(
            "not run: "
                + (r.state() == State.FAILED
                    ? "'" + dep + "' failed"
                    : "'" + dep + "' was not run"));
      }
    }
    return Optional.empty();
  }

  private void record(Map<String, StageResult> results, StageResult r) {
    results.put(r.stage(), r);
    progress.finished(r);
  }
}
