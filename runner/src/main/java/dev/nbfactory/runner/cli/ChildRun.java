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
    return waitFor(builder(context, dir, env, args, List.of()).inheritIO());
  }

  /** Runs in this folder with {@code env} added, its output to {@code log}. */
  static int logged(CliContext context, Map<String, String> env, List<String> args, Path log)
      throws IOException, InterruptedException {
    return waitFor(
        builder(context, context.cwd(), env, args, List.of())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile()));
  }

  /** What a logged child runs: its arguments, the environment added, where its output goes. */
  record Command(List<String> args, Map<String, String> env, Path log) {
    Command {
      args = List.copyOf(args);
      env = Map.copyOf(env);
    }
  }

  /**
   * Starts {@code command}'s JVM now, held at {@link StageGate} until {@link Warm#go}: it boots
   * JShell and loads its classes while the stage before it runs. Its output goes to a file beside
   * the log, renamed to the log when it goes, so that a stage that never runs leaves no log.
   */
  static Warm warm(CliContext context, Command command) throws IOException {
    Path early = command.log().resolveSibling("." + command.log().getFileName() + ".warm");
    Process child =
        builder(context, context.cwd(), command.env(), command.args(), List.of(StageGate.OPTION))
            .redirectErrorStream(true)
            .redirectOutput(early.toFile())
            .start();
    return new Warm(command, child, early);
  }

  /** A child JVM started ahead of its turn, waiting for {@link #go} or {@link #discard}. */
  static final class Warm {
    private final Command command;
    private final Process child;
    private final Path early;

    private Warm(Command command, Process child, Path early) {
      this.command = command;
      this.child = child;
      this.early = early;
    }

    Command command() {
      return command;
    }

    /** Lets it run, and waits for it as {@link #logged} does. */
    int go() throws IOException, InterruptedException {
      Files.move(early, command.log(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      try (var in = child.getOutputStream()) {
        in.write(StageGate.GO);
      } catch (IOException e) {
        // it ended before its turn (killed, out of memory): its exit code says so below
      }
      return waitFor(child);
    }

    /** Ends it unused: it exits at the gate without touching the registry. */
    void discard() {
      try {
        child.getOutputStream().close();
        if (!child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          child.destroyForcibly();
        }
      } catch (IOException e) {
        child.destroyForcibly();
      } catch (InterruptedException e) {
        child.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      try {
        Files.deleteIfExists(early);
      } catch (IOException e) {
        // a stray hidden file in the output folder, no more
      }
    }
  }

  private static ProcessBuilder builder(
      CliContext context,
      Path dir,
      Map<String, String> env,
      List<String> args,
      List<String> jvmOptions) {
    List<String> options = new ArrayList<>();
    // A JVM out of memory is in no state to report: it exits (code 3) and the parent says so.
    options.add("-XX:+ExitOnOutOfMemoryError");
    String stage = context.env().getOrDefault("FACTORY_STAGE_JVM_OPTS", "").trim();
    if (!stage.isEmpty()) {
      options.addAll(List.of(stage.split("\\s+")));
    }
    options.addAll(jvmOptions);
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
    return waitFor(pb.start());
  }

  private static int waitFor(Process child) throws InterruptedException {
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
