package dev.nbfactory.runner.cli;

import dev.nbfactory.runner.schedule.SchedulerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@code factory} command in a child JVM with this JVM's classpath: for a different working
 * directory (a JVM cannot change its own), and for each stage of a pipeline. A signal to this
 * process stops the child too.
 */
final class ChildRun {
  private ChildRun() {}

  /** Runs in {@code folder} with {@code env} added, sharing this terminal. */
  static int inFolder(CliContext context, Path folder, Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    Path dir = context.cwd().resolve(folder);
    if (!Files.isDirectory(dir)) {
      context.err().println("factory: --cwd " + folder + " is not a folder");
      return 2;
    }
    return waitFor(builder(context, dir, env, args).inheritIO());
  }

  /** Runs in this folder with {@code env} added, its output to {@code log}. */
  static int logged(CliContext context, Map<String, String> env, List<String> args, Path log)
      throws IOException, InterruptedException {
    return waitFor(
        builder(context, context.cwd(), env, args)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile()));
  }

  private static ProcessBuilder builder(
      CliContext context, Path dir, Map<String, String> env, List<String> args) {
    List<String> options = new ArrayList<>();
    // A JVM out of memory is in no state to report: it exits (code 3) and the parent says so.
    options.add("-XX:+ExitOnOutOfMemoryError");
    String stage = context.env().getOrDefault("FACTORY_STAGE_JVM_OPTS", "").trim();
    if (!stage.isEmpty()) {
      options.addAll(List.of(stage.split("\\s+")));
    }
    List<String> command = new ArrayList<>(SchedulerSettings.thisJava(options));
    command.add(FactoryCli.class.getName());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(context.env());
    pb.environment().putAll(env);
    return pb;
  }

  private static int waitFor(ProcessBuilder pb) throws IOException, InterruptedException {
    Process child = pb.start();
    Thread stopChild = new Thread(child::destroy, "factory-stop-child");
    Runtime.getRuntime().addShutdownHook(stopChild);
    try {
      return child.waitFor();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopChild);
      } catch (IllegalStateException e) {
        // shutting down: the hook stops the child
      }
    }
  }
}
