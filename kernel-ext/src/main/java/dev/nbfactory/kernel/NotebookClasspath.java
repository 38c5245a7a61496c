package dev.nbfactory.kernel;

import dev.nbfactory.registry.OnDemandJars;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The part of a class path that a JVM running cells needs. The build lists, by file name, the jars
 * the kernel module depends on ({@code kernel.classpath}, written by Maven's {@code
 * build-classpath}); a kernel spec, and every stage JVM the runner starts, keep only those (and
 * what the caller adds), so that the command line's servers, scheduler and export models stay out
 * of notebooks: fewer jars for javac to list, for JShell to index and for the class-data archive.
 * bin/factory reads the same lists to put these jars first on its own class path.
 */
public final class NotebookClasspath {
  /** The kernel's list, a resource beside this class. */
  public static final String KERNEL_LIST = "kernel.classpath";

  private NotebookClasspath() {}

  /** The entries of {@code classpath} a kernel needs. */
  public static List<Path> forKernel(List<Path> classpath) {
    return lean(classpath, names(NotebookClasspath.class, KERNEL_LIST), NotebookClasspath.class);
  }

  /**
   * The entries of {@code classpath} that are folders (class folders of a build or a test), jars
   * named in {@code names}, or the jars that hold {@code anchors}; in their order. Without any
   * names (a list the build did not write) the whole class path: slower, never broken.
   */
  public static List<Path> lean(List<Path> classpath, Set<String> names, Class<?>... anchors) {
    if (names.isEmpty()) {
      return List.copyOf(classpath);
    }
    Set<Path> anchorJars = new HashSet<>();
    Arrays.stream(anchors).map(NotebookClasspath::codeSource).forEach(anchorJars::add);
    List<Path> out = new ArrayList<>();
    for (Path entry : classpath) {
      Path name = entry.getFileName();
      if (anchorJars.contains(entry)
          || (name != null && names.contains(name.toString()))
          || Files.isDirectory(entry)) {
        out.add(entry);
      }
    }
    return List.copyOf(out);
  }

  /**
   * The option that names what {@code lean} left out of {@code full}, for the JVM to load on demand
   * ({@link OnDemandJars}: a store module such as S3's); empty when nothing was left out.
   */
  public static List<String> onDemandOption(List<Path> full, List<Path> lean) {
    Set<Path> kept = new HashSet<>(lean);
    return OnDemandJars.option(
        full.stream().filter(p -> !kept.contains(p) && !Files.isDirectory(p)).toList());
  }

  /**
   * The jar file names in the list resource {@code resource} beside {@code owner} ({@code
   * lib/a.jar:lib/b.jar}); empty when there is no such resource.
   */
  public static Set<String> names(Class<?> owner, String resource) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        return Set.of();
      }
      Set<String> names = new HashSet<>();
      for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(":")) {
        String name = entry.strip();
        int slash = name.lastIndexOf('/');
        if (!name.isEmpty()) {
          names.add(name.substring(slash + 1));
        }
      }
      return Set.copyOf(names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This process's class path, entries as absolute paths. */
  public static List<Path> current() {
    List<Path> out = new ArrayList<>();
    for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!p.isBlank()) {
        out.add(Path.of(p).toAbsolutePath().normalize());
      }
    }
    return out;
  }

  /** The jar or folder {@code type} was loaded from; null when it has none. */
  static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath()
          .normalize();
    } catch (URISyntaxException | RuntimeException e) {
      return null; // no code source: the class path is all there is
    }
  }
}
