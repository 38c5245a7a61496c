package dev.nbfactory.runner.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY.md 10: a process saving an output notebook over and over is killed with SIGKILL at
 * random moments; after each kill the file parses, as the old or the new version. {@code
 * -Dfactory.soak=true} kills 200 times instead of 30.
 */
class SaveUnderKillIT {
  private static final int KILLS = Boolean.getBoolean("factory.soak") ? 200 : 30;

  @TempDir Path dir;

  /** The child: saves two alternating versions of a large notebook as fast as it can. */
  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    NotebookDocument[] versions = {version("A"), version("B")};
    Files.writeString(Path.of(args[1]), "ready");
    for (int i = 0; ; i++) {
      versions[i % 2].save(target);
    }
  }

  static NotebookDocument version(String mark) {
    StringBuilder cells = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      cells
          .append(i == 0 ? "" : ",")
          .append("{\"cell_type\": \"code\", \"metadata\": {},")
          .append(" \"execution_count\": 1, \"outputs\": [{\"output_type\": \"stream\",")
          .append(" \"name\": \"stdout\", \"text\": \"")
          .append(mark.repeat(2000))
          .append("\"}],")
          .append(" \"source\": \"int x")
          .append(i)
          .append(" = 1;\"}");
    }
    String json =
        "{\"cells\": ["
            + cells
            + "], \"metadata\": {\"version\": \""
            + mark
            + "\"}, \"nbformat\": 4, \"nbformat_minor\": 4}";
    return NotebookDocument.parse(json.getBytes(StandardCharsets.UTF_8), mark);
  }

  @Test
  void theNotebookAlwaysParsesAsTheOldOrTheNewVersion() throws Exception {
    Path target = dir.resolve("out.ipynb");
    Random random = new Random(10);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("java.class.path");
    int checked = 0;
    for (int round = 0; round < KILLS; round++) {
      Path ready = dir.resolve("ready-" + round);
      Process p =
          new ProcessBuilder(
                  java,
                  "-cp",
                  cp,
                  SaveUnderKillIT.class.getName(),
                  target.toString(),
                  ready.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child.log").toFile())
              .start();
      while (!Files.exists(ready) && p.isAlive()) {
        Thread.sleep(5);
      }
      assertThat(p.isAlive()).as(Files.readString(dir.resolve("child.log"))).isTrue();
      Thread.sleep(random.nextInt(150));
      p.destroyForcibly(); // SIGKILL
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      if (Files.exists(target)) {
        NotebookDocument doc = NotebookDocument.read(target);
        assertThat(doc.metadata().path("version").asText()).isIn("A", "B");
        assertThat(doc.cells()).hasSize(200);
        checked++;
      }
    }
    assertThat(checked).as("rounds that found a saved notebook").isGreaterThan(KILLS / 2);
  }
}
