package dev.nbfactory.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Facts about the process a run executes in, recorded so a result can be traced to its setup. */
public record RunEnvironment(String javaVersion, String host, String user) {

  private static final RunEnvironment CURRENT =
      new RunEnvironment(
          System.getProperty("java.vendor", "") + " " + System.getProperty("java.version", ""),
          hostName(),
          System.getProperty("user.name", "unknown"));

  public static RunEnvironment current() {
    return CURRENT;
  }

  /**
   * The commit checked out in the git work tree that holds {@code dir}, if git is there; a work
   * tree with uncommitted changes gets a {@code -dirty} suffix, as {@code git describe} does.
   */
  public static Optional<String> gitCommit(Path dir) {
    try {
      String head = git(dir, "rev-parse", "HEAD");
      if (head == null || head.isBlank()) {
        return Optional.empty();
      }
      String status = git(dir, "status", "--porcelain", "--untracked-files=no");
      return Optional.of(status != null && !status.isBlank() ? head + "-dirty" : head);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static String git(Path dir, String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = dir.toString();
    System.arraycopy(args, 0, command, 3, args.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    process.getErrorStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      return null;
    }
    return new String(out, StandardCharsets.UTF_8).trim();
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
