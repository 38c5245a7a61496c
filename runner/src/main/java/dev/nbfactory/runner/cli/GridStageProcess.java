package dev.nbfactory.runner.cli;

import dev.nbfactory.magics.PinnedInputs;
import dev.nbfactory.magics.helpers.Gate;
import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.runner.execute.KernelDeath;
import dev.nbfactory.runner.execute.RunContract;
import dev.nbfactory.runner.params.ChildParameters;
import dev.nbfactory.runner.pipeline.GridPlan.Task;
import dev.nbfactory.runner.pipeline.GridRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs one task of a grid as {@code factory pipeline run} runs a stage, a {@code factory run} in a
 * JVM of its own, and more: its inputs pinned to the versions its upstream tasks wrote ({@link
 * PinnedInputs}), its gate held unless it is the promotion ({@link Gate#HOLD_ENV}), its run tagged
 * with the experiment and the members it serves, and its run id and outputs read back.
 */
final class GridStageProcess {
  private final CliContext context;
  private final Registry registry;
  private final String experiment;
  private final String pipelineRun;
  private final Path out;
  private final int memberCount;

  GridStageProcess(
      CliContext context,
      Registry registry,
      String experiment,
      String pipelineRun,
      Path out,
      int memberCount) {
    this.context = context;
    this.registry = registry;
    this.experiment = experiment;
    this.pipelineRun = pipelineRun;
    this.out = out;
    this.memberCount = memberCount;
  }

  /** A member's task, gate held. */
  GridRunner.Outcome run(Task task, Map<String, Integer> pins) throws Exception {
    return run(task, pins, fileName(task), true, Map.of());
  }

  /**
   * Runs {@code task} with {@code pins}, its notebook and log named {@code file}, tagged with
   * {@code extraTags} too.
   */
  GridRunner.Outcome run(
      Task task,
      Map<String, Integer> pins,
      String file,
      boolean holdGate,
      Map<String, String> extraTags)
      throws Exception {
    Path notebook = out.resolve(file + ".ipynb");
    Path idFile = out.resolve("." + file + ".run-id");
    Files.deleteIfExists(idFile);
    RunContract contract =
        new RunContract(
            RunKind.HEADLESS,
            pipelineRun,
            null,
            null,
            false,
            0,
            null,
            false,
            idFile.toAbsolutePath(),
            false,
            RunContract.HEARTBEAT);
    Path source = context.cwd().resolve(task.notebook().path()).toAbsolutePath();
    ChildParameters given =
        ChildParameters.of(task.given(), ChildParameters.marksOf(task.notebook().path()));
    List<String> args = new ArrayList<>(List.of("run", source.toString(), notebook.toString()));
    args.add("--progress");
    args.addAll(given.arguments());
    Map<String, String> env = new LinkedHashMap<>(registry.location().environment());
    env.putAll(contract.toEnvironment());
    env.put(PinnedInputs.ENV, PinnedInputs.json(pins));
    env.put(Gate.HOLD_ENV, holdGate ? "member of experiment " + experiment : "");
    env.putAll(given.environment());
    java.time.Instant started = context.clock().instant();
    int code = ChildRun.logged(context, env, args, out.resolve(file + ".log"));
    String runId =
        Files.isRegularFile(idFile)
            ? Files.readString(idFile, StandardCharsets.UTF_8).strip()
            : null;
    Files.deleteIfExists(idFile);
    if (runId != null && !runId.isEmpty()) {
      registry.setRunTag(runId, "experiment", experiment);
      registry.setRunTag(runId, task.shared() ? "members" : "member", members(task));
      for (Map.Entry<String, String> tag : extraTags.entrySet()) {
        registry.setRunTag(runId, tag.getKey(), tag.getValue());
      }
    }
    if (KernelDeath.isDeath(code)) {
      KernelDeath.record(registry, task.stage(), started, notebook, code);
      throw new IllegalStateException(KernelDeath.describe(code));
    }
    if (runId == null || runId.isEmpty()) {
      return new GridRunner.Outcome(code == 0 ? 1 : code, null);
    }
    Map<String, Integer> outputs = new LinkedHashMap<>();
    for (ArtifactVersion v : registry.record(runId).outputs()) {
      outputs.put(v.name(), v.version());
    }
    return new GridRunner.Outcome(code, new GridRunner.Done(runId, outputs));
  }

  /** The members a task serves, from 1, as the tags and tables show them. */
  static String members(Task task) {
    return task.members().stream()
        .map(m -> Integer.toString(m + 1))
        .collect(Collectors.joining(","));
  }

  /** A shared task's files are named after its stage; a member's, after its stage and member. */
  String fileName(Task task) {
    String stage = ArtifactNames.validateStage(task.stage());
    return task.shared() || memberCount == 1 ? stage : stage + "-" + members(task);
  }
}
