package dev.nbfactory.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerLockTest {
  @TempDir Path dir;

  /**
   * Issue 16, item 14: a second scheduler started with the first read the lock file in the moment
   * between the first taking the lock and writing its name, and named an "unknown process".
   */
  @Test
  void theHolderIsReadOnceTheSchedulerThatJustTookTheLockHasWrittenIt() throws Exception {
    Path file = Files.createFile(dir.resolve("scheduler.lock"));
    Thread holder =
        new Thread(
            () -> {
              try {
                Thread.sleep(150);
                Files.writeString(file, "pid 42 on host since now", StandardCharsets.UTF_8);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    holder.start();

    assertThat(SchedulerLock.holder(file)).isEqualTo("pid 42 on host since now");
    holder.join();
  }
}
