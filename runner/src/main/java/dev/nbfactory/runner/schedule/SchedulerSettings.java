package dev.nbfactory.runner.schedule;

import dev.nbfactory.kernel.NotebookClasspath;
import dev.nbfactory.kernel.NotebookJvm;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.runner.execute.RunContract;
import dev.nbfactory.runner.execute.StageClasspath;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a scheduler node runs: the command that starts {@code factory run} (this JVM's java and
 * classpath), the environment children inherit, and its timings.
 *
 * @param heartbeat how often children heartbeat; runs silent for 3 times this are LOST
 * @param grace how long running children get after SIGTERM before they are stopped
 * @param tolerance how late a firing may start and still count as on time (not missed)
 * @param poll how often {@code --on-new} triggers and the schedule list are checked
 * @param checkin Quartz's cluster check-in interval (PostgreSQL only)
 */
public record SchedulerSettings(
    List<String> javaCommand,
    Map<String, String> env,
    Path cwd,
    Duration heartbeat,
    Duration grace,
    Duration tolerance,
    Duration poll,
    Duration checkin,
    int threads) {

  public SchedulerSettings {
    javaCommand = List.copyOf(javaCommand);
    env = Map.copyOf(env);
  }

  /**
   * How often the runs a scheduler starts heartbeat: {@code FACTORY_HEARTBEAT_SECONDS} (tests use a
   * short one), else {@link RunContract#HEARTBEAT}.
   */
  public static Duration heartbeat(Map<String, String> env) {
    String text = env.get("FACTORY_HEARTBEAT_SECONDS");
    if (text == null || text.isBlank()) {
      return RunContract.HEARTBEAT;
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

  /** Runs whose last heartbeat is older than this are LOST. */
  public Duration lostAfter() {
    return heartbeat.multipliedBy(3);
  }

  /** {@code java -cp <stage classpath>}: children run the same build as the scheduler. */
  public static List<String> thisJava() {
    return thisJava(List.of());
  }

  /**
   * This JVM's java with the class-data archive bin/factory started it with ({@code
   * FACTORY_ARCHIVE_OPTS}, one option a line: a child with the same classpath starts from the same
   * archive), the options of every notebook JVM ({@link NotebookJvm}), {@code options}, and this
   * JVM's classpath as far as a stage needs it ({@link StageClasspath}).
   */
  public static List<String> thisJava(List<String> options) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String archive = System.getenv().getOrDefault("FACTORY_ARCHIVE_OPTS", "");
    archive.lines().map(String::strip).filter(o -> !o.isEmpty()).forEach(command::add);
    command.addAll(NotebookJvm.options());
    command.addAll(options);
    List<Path> full = NotebookClasspath.current();
    List<Path> stage = StageClasspath.of(full);
    command.addAll(NotebookClasspath.onDemandOption(full, stage));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, stage.stream().map(Path::toString).toList()));
    return List.copyOf(command);
  }
}
