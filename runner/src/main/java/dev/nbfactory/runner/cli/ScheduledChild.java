package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.runner.execute.HeadlessRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code factory run} does for the scheduler that started it: tells it the run id (in {@code
 * FACTORY_RUN_ID_FILE}), tags the attempt, and, with {@code FACTORY_PARENT_WATCH=stdin}, stops when
 * the scheduler dies: its end of the standard input pipe closes, this run is marked LOST, and this
 * process halts, so a node killed with -9 leaves no notebook running that another node is about to
 * run again.
 */
final class ScheduledChild {
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
    if ("stdin".equals(env.get("FACTORY_PARENT_WATCH"))) {
      Thread watch =
          new Thread(
              () -> {
                try {
                  InputStream in = System.in;
                  byte[] buffer = new byte[256];
                  while (in.read(buffer) >= 0) {
                    // the scheduler writes nothing; reading only waits for the pipe to close
                  }
                } catch (IOException e) {
                  // a broken pipe is a closed pipe
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
