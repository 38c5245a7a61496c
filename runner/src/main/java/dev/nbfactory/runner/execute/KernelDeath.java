package dev.nbfactory.runner.execute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.runner.notebook.Cell;
import dev.nbfactory.runner.notebook.NotebookDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What a parent does when the JVM running a notebook dies without a word (killed, out of memory):
 * the run it had opened is finished FAILED with the cause, and the cell that was running is marked
 * failed in the output notebook the child kept saving.
 */
public final class KernelDeath {
  private KernelDeath() {}

  public static boolean isDeath(int exitCode) {
    return ExitCode.of(exitCode).isEmpty();
  }

  public static String describe(int exitCode) {
    if (exitCode == ExitCode.OUT_OF_MEMORY) {
      return "the JVM running the notebook ran out of memory (exit code 3); give it more with"
          + " -Xmx in FACTORY_STAGE_JVM_OPTS";
    }
    if (exitCode > 128) {
      return "the JVM running the notebook was killed by signal " + (exitCode - 128);
    }
    return "the JVM running the notebook exited with code " + exitCode;
  }

  /**
   * Records the death: the newest RUNNING run of {@code stage} started at or after {@code since} is
   * finished FAILED, and the running cell of {@code outputNotebook} (if saved) marked failed.
   *
   * @return the run finished, or null when the child died before opening one
   */
  public static Run record(
      Registry registry, String stage, Instant since, Path outputNotebook, int exitCode)
      throws IOException {
    Run finished = null;
    for (Run run : registry.runs(RunQuery.all().withStage(stage).withStatus(RunStatus.RUNNING))) {
      if (!run.startedAt().isBefore(since.minusSeconds(1))) {
        finished = registry.finishRun(run.id(), RunStatus.FAILED, cause(exitCode));
        break;
      }
    }
    markDyingCell(outputNotebook, exitCode);
    return finished;
  }

  /** The error a run gets when its JVM died. */
  public static String cause(int exitCode) {
    return "kernel died: " + describe(exitCode);
  }

  /**
   * Marks the cell that was running when the JVM died failed in the output notebook the child kept
   * saving, with papermill's banner; nothing when it never saved one.
   */
  public static void markDyingCell(Path outputNotebook, int exitCode) throws IOException {
    if (outputNotebook != null && Files.isRegularFile(outputNotebook)) {
      NotebookDocument doc = NotebookDocument.read(outputNotebook);
      for (Cell cell : doc.cells()) {
        ObjectNode pm = (ObjectNode) cell.metadata().get("papermill");
        if (pm != null && "running".equals(pm.path("status").asText())) {
          pm.put("status", "failed");
          pm.put("exception", true);
          pm.put("end_time", Papermill.time(Instant.now()));
          ObjectNode error = cell.outputs().addObject();
          error.put("output_type", "error");
          error.put("ename", "KernelDied");
          error.put("evalue", describe(exitCode));
          error.putArray("traceback").add("KernelDied: " + describe(exitCode));
          Papermill.errorBanner(doc, cell, null);
          break;
        }
      }
      ObjectNode pm = (ObjectNode) doc.metadata().get("papermill");
      if (pm != null) {
        pm.put("exception", true);
      }
      doc.save(outputNotebook);
    }
  }
}
