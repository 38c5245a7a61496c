package dev.nbfactory.runner.execute;

import dev.nbfactory.registry.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * What a run owes the parent that started it, as its {@link RunContract} says: the run id in a file
 * as soon as the run is open (the scheduler reads it to settle the run), the attempt's tags, and,
 * when asked, a watch on the parent: if it dies, this run is marked LOST and this process halts, so
 * a node killed with -9 leaves no notebook running that another node is about to run again.
 */
final class ParentDuties {
  private static final long PARENT_POLL_MS = 250;

  private ParentDuties() {}

  static void started(RunContract contract, Registry registry, HeadlessRecorder recorder) {
    if (contract.runIdFile() != null) {
      try {
        Path file = contract.runIdFile();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, recorder.runId(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the run id to " + contract.runIdFile(), e);
      }
    }
    if (contract.attempt() > 0) {
      registry.setRunTag(recorder.runId(), "factory.attempt", Integer.toString(contract.attempt()));
    }
    if (contract.trigger() != null) {
      registry.setRunTag(recorder.runId(), "factory.trigger", contract.trigger());
    }
    if (contract.recovered()) {
      registry.setRunTag(recorder.runId(), "factory.recovered", "true");
    }
    if (contract.watchParent()) {
      watchParent(recorder);
    }
  }

  private static void watchParent(HeadlessRecorder recorder) {
    Optional<ProcessHandle> parent = ProcessHandle.current().parent();
    if (parent.isEmpty()) {
      return;
    }
    long pid = parent.get().pid();
    Thread watch =
        new Thread(
            () -> {
              // Polled, not read from stdin: a JVM shutting down may close its standard input.
              while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                  && ProcessHandle.current().parent().map(p -> p.pid() == pid).orElse(false)) {
                try {
                  Thread.sleep(PARENT_POLL_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
              recorder.abandon("the scheduler that started this run died; the run was abandoned");
              Runtime.getRuntime().halt(137);
            },
            "factory-parent-watch");
    watch.setDaemon(true);
    watch.start();
  }
}
