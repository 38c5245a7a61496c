package dev.nbfactory.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What of the {@code Dockerfile} can be built without a container engine: its Java runtime, cut by
 * the same {@code jlink} line, and its final stage's files, copied by its own {@code COPY
 * --from=build} lines into a folder standing for the image's root. The launcher there records its
 * archive, as the image's last {@code RUN} does, and runs a stage notebook headless on that
 * runtime.
 */
class ImageLayoutIT {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path scratch;

  @Test
  void theImagesRuntimeAndFilesRunANotebookHeadless() throws Exception {
    List<String> instructions = instructions(CHECKOUT.resolve("Dockerfile"));
    Path root = scratch.resolve("image");

    String jlink =
        instructions.stream().filter(i -> i.startsWith("RUN jlink ")).findFirst().orElseThrow();
    List<String> command = new ArrayList<>(List.of(javaHome().resolve("bin/jlink").toString()));
    List<String> words = List.of(jlink.substring("RUN jlink ".length()).trim().split("\\s+"));
    for (int i = 0; i < words.size(); i++) {
      command.add(words.get(i));
      if (words.get(i).equals("--output")) {
        command.add(root.resolve("opt/java").toString()); // for the image's /jre
        i++;
      }
    }
    run(new ProcessBuilder(command), 300);

    int copied = 0;
    for (String copy : instructions) {
      if (!copy.startsWith("COPY --from=build ")) {
        continue;
      }
      List<String> parts = List.of(copy.substring("COPY --from=build ".length()).split("\\s+"));
      String dest = parts.get(parts.size() - 1);
      for (String source : parts.subList(0, parts.size() - 1)) {
        if (source.equals("/jre")) {
          continue; // the runtime jlink made above
        }
        Path from = CHECKOUT.resolve(source.substring("/src/".length()));
        Path to = root.resolve(dest.substring(1));
        if (dest.endsWith("/") || parts.size() > 2) {
          to = to.resolve(from.getFileName().toString());
        }
        if (from.endsWith(".factory-build-stamp")) {
          // the build stage touches it after its build, as this test's build is done too
          Files.createDirectories(to.getParent());
          Files.writeString(to, "");
          continue;
        }
        assertThat(from).as("the image copies " + source).exists();
        copyTree(from, to);
        copied++;
      }
    }
    assertThat(copied).isGreaterThan(5);

    Path factory = root.resolve("opt/factory/bin/factory");
    ProcessBuilder version = new ProcessBuilder(factory.toString(), "--version");
    image(version, root);
    String printed = run(version, 300);
    assertThat(printed).contains("factory");
    Path archiveLog = root.resolve("opt/factory/runner/target/archive.log");
    assertThat(root.resolve("opt/factory/runner/target/factory.jsa"))
        .as(printed + (Files.exists(archiveLog) ? Files.readString(archiveLog) : "no archive.log"))
        .isRegularFile();

    Path work = Files.createDirectories(scratch.resolve("work"));
    Files.copy(CHECKOUT.resolve("notebooks/01-ingest.ipynb"), work.resolve("01-ingest.ipynb"));
    ProcessBuilder stage =
        new ProcessBuilder(factory.toString(), "run", "01-ingest.ipynb", "out.ipynb")
            .directory(work.toFile());
    image(stage, root);
    String ran = run(stage, 300);
    assertThat(ran).contains("succeeded");
    assertThat(work.resolve("out.ipynb")).isRegularFile();
  }

  /** The image's environment: its Java first on the PATH, no registry of this machine's. */
  private static void image(ProcessBuilder pb, Path root) {
    pb.environment().remove("FACTORY_REGISTRY");
    pb.environment().remove("FACTORY_OBJECTS");
    pb.environment().remove("FACTORY_JAVA_HOME");
    pb.environment().put("JAVA_HOME", root.resolve("opt/java").toString());
    pb.environment().put("HOME", root.resolve("home/factory").toString());
    pb.environment().put("FACTORY_HOME", root.resolve("opt/factory").toString());
    pb.environment()
        .put("PATH", root.resolve("opt/java/bin") + ":" + System.getenv().getOrDefault("PATH", ""));
  }

  private static Path javaHome() {
    return Path.of(System.getProperty("java.home"));
  }

  /** The Dockerfile's instructions, continuation lines joined, comments left out. */
  private static List<String> instructions(Path dockerfile) throws Exception {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(dockerfile, StandardCharsets.UTF_8)) {
      if (line.startsWith("#") && current.length() == 0) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1);
        if (!line.endsWith(",\\")) {
          current.append(' ');
        }
        continue;
      }
      current.append(line);
      if (!current.toString().isBlank()) {
        out.add(current.toString().trim().replaceAll("[ \\t]+", " "));
      }
      current.setLength(0);
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws Exception {
    if (Files.isRegularFile(from)) {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
      return;
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private String run(ProcessBuilder pb, int seconds) throws Exception {
    Path log = Files.createTempFile(scratch, "step", ".log");
    Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as("ended within " + seconds + " s: " + pb.command()).isTrue();
    assertThat(p.exitValue()).as(pb.command() + "\n" + printed).isZero();
    return printed;
  }
}
