package dev.nbfactory.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class over {@value #LIMIT} lines without the reason in its first comment (the words "over 500
 * lines", then why): a long class is usually several concerns, and whoever makes one longer should
 * have to say why it is still one. Read from the sources of every module.
 */
class ClassSizeTest {
  private static final int LIMIT = 500;
  private static final String REASON = "over 500 lines";

  @Test
  void everyLongClassSaysWhy() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.toList()) {
        Path main = module.resolve("src/main/java");
        if (Files.isDirectory(main)) {
          try (Stream<Path> files = Files.walk(main)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
          }
        }
      }
    }
    assertThat(sources).as("the modules' sources were found").hasSizeGreaterThan(100);
    List<String> unexplained = new ArrayList<>();
    for (Path file : sources) {
      List<String> lines = Files.readAllLines(file);
      if (lines.size() > LIMIT && !firstComment(lines).contains(REASON)) {
        unexplained.add(root.relativize(file) + " (" + lines.size() + " lines)");
      }
    }
    assertThat(unexplained)
        .as("split these, or say in the class comment why they are " + REASON)
        .isEmpty();
  }

  /** The first block comment of the file, lower-cased and on one line. */
  private static String firstComment(List<String> lines) {
    StringBuilder out = new StringBuilder();
    boolean in = false;
    for (String line : lines) {
      String t = line.strip();
      if (!in && t.startsWith("/*")) {
        in = true;
      }
      if (in) {
        out.append(t.replaceFirst("^/?\\*+/?", "").strip()).append(' ');
        if (t.endsWith("*/")) {
          break;
        }
      }
    }
    return out.toString().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
  }
}
