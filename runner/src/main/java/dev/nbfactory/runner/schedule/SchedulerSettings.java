package dev.nbfactory.runner.schedule;

import java.nio.file.Path;
import java.time.Duration;
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

  /** Runs whose last heartbeat is older than this are LOST. */
  public Duration lostAfter() {
    return heartbeat.multipliedBy(3);
  }

  /** {@code java -cp <this JVM's classpath>}: children run the same build as the scheduler. */
  public static List<String> thisJava() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        System.getProperty("java.class.path"));
  }
}
