package dev.nbfactory.runner.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.kernel.NotebookClasspath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageClasspathTest {
  private static List<String> jarNames(List<Path> classpath) {
    return classpath.stream()
        .filter(p -> !Files.isDirectory(p))
        .map(p -> p.getFileName().toString())
        .toList();
  }

  @Test
  void aStageGetsTheKernelAndTheRunCommandButNotTheServersOrExports() {
    List<Path> all = NotebookClasspath.current();
    List<Path> stage = StageClasspath.of(all);
    assertThat(jarNames(all)).anyMatch(j -> j.startsWith("javalin-"));
    assertThat(jarNames(stage))
        .anyMatch(j -> j.startsWith("picocli-"))
        .anyMatch(j -> j.startsWith("tablesaw-core-"))
        .anyMatch(j -> j.startsWith("jeromq-"))
        .noneMatch(j -> j.startsWith("javalin-"))
        .noneMatch(j -> j.startsWith("jetty-"))
        .noneMatch(j -> j.startsWith("kotlin-stdlib"))
        .noneMatch(j -> j.startsWith("kubernetes-model-"))
        .noneMatch(j -> j.startsWith("factory-objects-s3"))
        .noneMatch(j -> j.startsWith("s3-2."))
        .noneMatch(j -> j.startsWith("junit-"));
    // the store modules stay reachable, on demand
    List<String> onDemand = NotebookClasspath.onDemandOption(all, stage);
    assertThat(onDemand)
        .singleElement()
        .asString()
        .startsWith("-D" + dev.nbfactory.registry.OnDemandJars.PROPERTY + "=")
        .contains("factory-objects-s3")
        .contains("s3-2.");
    // in the class path's own order, so that a class-data archive recorded with it applies
    assertThat(all).containsSubsequence(stage);
  }

  @Test
  void aKernelLeavesOutTheCommandLineToo() {
    List<Path> kernel = NotebookClasspath.forKernel(NotebookClasspath.current());
    assertThat(jarNames(kernel))
        .anyMatch(j -> j.startsWith("tribuo-core-"))
        .noneMatch(j -> j.startsWith("picocli-"))
        .noneMatch(j -> j.startsWith("javalin-"));
  }
}
