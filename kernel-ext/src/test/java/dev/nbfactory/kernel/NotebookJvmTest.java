package dev.nbfactory.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotebookJvmTest {
  @Test
  void theOptionsAreJvmOptionsWithoutTheFilesComments() {
    assertThat(NotebookJvm.options())
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o).startsWith("-XX:").doesNotContain("#", " "));
  }

  @Test
  void thisJavaStartsWithThem() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(NotebookJvm.options());
    command.add("-XX:+PrintFlagsFinal");
    command.add("-version");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    // Each option took effect: -XX:Name=value shows as "Name = value" among the final flags.
    for (String option : NotebookJvm.options()) {
      String[] nameValue = option.substring("-XX:".length()).split("=", 2);
      assertThat(out).containsPattern("\\b" + nameValue[0] + "\\s+= " + nameValue[1] + "\\b");
    }
  }
}
