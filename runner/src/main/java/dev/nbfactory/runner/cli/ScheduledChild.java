package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.runner.execute.HeadlessRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code factory run} does for the scheduler that started it: tells it the run id (in {@code
 * FACTORY_RUN_ID_FILE}), tags the attempt, and, with {@code FACTORY_PARENT_WATCH=parent}, stops
 * when the scheduler dies: its end of the standard input pipe closes, this run is marked LOST, and
 * this process halts, so a node killed with -9 leaves no notebook running that another node is
 * about to run again.
 */
final class ScheduledChild {
  private static final long PARENT_POLL_MS = 250;

  private ScheduledChild() {}

  static void started(Map<String, String> env, Registry registry, HeadlessRecorder recorder) {
    String idFile = env.get("FACTORY_RUN_ID_FILE");
    if (idFile != null && !idFile.isBlank()) {
      try {
        Path file = Path.of(idFile);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, recorder.runId(), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the run id to " + idFile, e);
      }
    }
    for (String key : new String[] {"FACTORY_ATTEMPT", "FACTORY_TRIGGER", "FACTORY_RECOVERED"}) {
      String value = env.get(key);
      if (value != null && !value.isBlank()) {
        registry.setRunTag(
            recorder.runId(),
            "factory." + key.substring(8).toLowerCase(java.util.Locale.ROOT),
            value);
      }
    }
    if ("parent".equals(env.get("FACTORY_PARENT_WATCH"))) {
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
}
