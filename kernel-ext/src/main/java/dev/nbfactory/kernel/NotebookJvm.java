package dev.nbfactory.kernel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM options of every JVM that runs notebook cells (the kernel, {@code factory run}, pipeline
 * stages, scheduled runs), from the resource {@code notebook-jvm.options}, which bin/factory reads
 * too: one list, so that a kernel and a headless run of the same notebook run alike.
 */
public final class NotebookJvm {
  private static final String RESOURCE = "notebook-jvm.options";

  private static final List<String> OPTIONS = read();

  private NotebookJvm() {}

  /** The options, in order. */
  public static List<String> options() {
    return OPTIONS;
  }

  private static List<String> read() {
    try (InputStream in = NotebookJvm.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the kernel jar lacks " + RESOURCE);
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
