package dev.nbfactory.runner.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@code factory} command in a child JVM, for work that needs a process of its own: a
 * different working directory (a JVM cannot change its own). The child shares this JVM's classpath
 * and terminal; a signal to this process stops the child too.
 */
final class ChildRun {
  private ChildRun() {}

  static int inFolder(CliContext context, Path folder, List<String> args)
      throws IOException, InterruptedException {
    Path dir = context.cwd().resolve(folder);
    if (!Files.isDirectory(dir)) {
      context.err().println("factory: --cwd " + folder + " is not a folder");
      return 2;
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FactoryCli.class.getName());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
    pb.environment().clear();
    pb.environment().putAll(context.env());
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
