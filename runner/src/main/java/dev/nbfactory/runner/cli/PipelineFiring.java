package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RunStart;
import dev.nbfactory.runner.execute.RunContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What {@code factory pipeline run} owes the scheduler that fired it, as its {@link RunContract}
 * says, for the pipeline's own run (as {@code factory run} owes it for a notebook's): the run holds
 * the firing (one run per firing), names its schedule, carries the attempt and trigger as tags, its
 * id goes to the file the scheduler reads, and it heartbeats while the stages run, so the scheduler
 * sees the pipeline still going.
 */
final class PipelineFiring implements AutoCloseable {
  private final ScheduledExecutorService beat;

  private PipelineFiring(ScheduledExecutorService beat) {
    this.beat = beat;
  }

  /** The pipeline run's start as the contract asks: a firing's claim, a retry, a parent run. */
  static RunStart.Builder apply(RunContract contract, RunStart.Builder start) {
    if (contract.parentRun() != null) {
      start.parentRun(contract.parentRun());
    }
    if (contract.claimFiring()) {
      start.schedule(contract.schedule(), contract.nominalTime());
    } else if (contract.schedule() != null) {
      start.retry(contract.schedule(), contract.nominalTime());
    }
    return start;
  }

  /** Once the run is open: its id to the parent, its tags, and a heartbeat until closed. */
  static PipelineFiring started(RunContract contract, Registry registry, String runId) {
    if (contract.runIdFile() != null) {
      try {
        Path file = contract.runIdFile();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, runId, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the run id to " + contract.runIdFile(), e);
      }
    }
    if (contract.attempt() > 0) {
      registry.setRunTag(runId, "factory.attempt", Integer.toString(contract.attempt()));
    }
    if (contract.trigger() != null) {
      registry.setRunTag(runId, "factory.trigger", contract.trigger());
    }
    if (contract.recovered()) {
      registry.setRunTag(runId, "factory.recovered", "true");
    }
    if (contract.schedule() == null) {
      return new PipelineFiring(null);
    }
    ScheduledExecutorService beat =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "factory-pipeline-heartbeat");
              t.setDaemon(true);
              return t;
            });
    long every = contract.heartbeat().toMillis();
    beat.scheduleAtFixedRate(
        () -> {
          try {
            registry.heartbeat(runId);
          } catch (RuntimeException e) {
            // a busy registry misses one beat; the next one comes
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
    return new PipelineFiring(beat);
  }

  @Override
  public void close() {
    if (beat != null) {
      beat.shutdownNow();
    }
  }
}
