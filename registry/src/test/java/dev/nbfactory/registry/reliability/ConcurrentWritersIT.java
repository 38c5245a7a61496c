package dev.nbfactory.registry.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.testing.ChildProcess;
import dev.nbfactory.registry.testing.RegistryChild;
import dev.nbfactory.registry.testing.RegistryDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 1: many processes write one embedded registry at once, and every run lands, whole, with
 * no "database is locked" error and a sound database.
 */
class ConcurrentWritersIT {
  private static final int PROCESSES = 8;
  private static final int RUNS_EACH = 1_000;
  private static final int RUNS = PROCESSES * RUNS_EACH;

  @TempDir Path dir;

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void eightProcessesRecordEightThousandRunsWithoutLockErrors() throws Exception {
    Path folder = dir.resolve(".factory");
    RegistryChild.createWithInputs(folder);

    List<ChildProcess> children = new ArrayList<>();
    try {
      for (int i = 0; i < PROCESSES; i++) {
        children.add(
            ChildProcess.start(
                dir,
                "writer-" + i,
                "runs",
                folder.toString(),
                Integer.toString(i),
                Integer.toString(RUNS_EACH)));
      }
      for (ChildProcess child : children) {
        int exit = child.awaitExit(Duration.ofSeconds(140));
        String stderr = child.stderr();
        assertThat(stderr)
            .as("stderr of %s", child)
            .doesNotContainIgnoringCase("database is locked")
            .doesNotContainIgnoringCase("SQLITE_BUSY")
            .isBlank();
        assertThat(exit).as("exit code of %s", child).isZero();
        assertThat(child.lines())
            .as("stdout of %s", child)
            .containsExactly("opening", "done " + RUNS_EACH);
      }
    } finally {
      children.forEach(ChildProcess::close);
    }

    try (RegistryDatabase db = RegistryDatabase.open(folder)) {
      assertThat(db.count("SELECT COUNT(*) FROM runs")).isEqualTo(RUNS);
      assertThat(db.count("SELECT COUNT(*) FROM runs WHERE status = 'SUCCEEDED'")).isEqualTo(RUNS);
      // Each (child, n) pair once: no run was lost and none recorded twice by a retry.
      assertThat(
              db.count(
                  "SELECT COUNT(DISTINCT c.value || '/' || n.value) FROM run_params c"
                      + " JOIN run_params n ON n.run_id = c.run_id AND n.name = 'n'"
                      + " WHERE c.name = 'child'"))
          .isEqualTo(RUNS);
      assertThat(db.count("SELECT COUNT(*) FROM run_params")).isEqualTo(5L * RUNS);
      assertThat(db.count("SELECT COUNT(*) FROM run_inputs")).isEqualTo(3L * RUNS);
      assertThat(db.count("SELECT COUNT(*) FROM run_outputs")).isEqualTo(2L * RUNS);
      // Version numbers are handed out under the write lock: 1..8000 for each output, no gaps.
      for (String output : RegistryChild.OUTPUTS) {
        List<String> versions =
            db.strings(
                "SELECT v.version FROM artifact_versions v JOIN artifacts a ON a.id = v.artifact_id"
                    + " WHERE a.name = ? ORDER BY v.version",
                output);
        assertThat(versions)
            .as("versions of %s", output)
            .isEqualTo(
                IntStream.rangeClosed(1, RUNS)
                    .mapToObj(Integer::toString)
                    .collect(Collectors.toList()));
      }
      assertThat(db.integrityCheck()).containsExactly("ok");
      assertThat(db.foreignKeyCheck()).isEmpty();
      assertThat(db.orphans()).isEmpty();
    }
  }
}
