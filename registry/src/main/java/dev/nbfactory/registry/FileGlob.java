package dev.nbfactory.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * A glob over files, such as {@code data/incoming/*.csv} or {@code /lake/**}{@code /part-*.csv}, in
 * {@link java.nio.file.FileSystem#getPathMatcher Java's glob syntax}, made absolute once (when a
 * schedule is promoted) so that it means the same files to every process that reads it.
 */
public final class FileGlob {
  private FileGlob() {}

  /** The glob as an absolute, normalized pattern, relative ones taken from {@code base}. */
  public static String absolute(String glob, Path base) {
    if (glob == null || glob.isBlank()) {
      throw new InvalidInputException("--on-new-file needs a glob, such as data/incoming/*.csv");
    }
    String absolute;
    try {
      Path pattern = Path.of(glob);
      absolute =
          (pattern.isAbsolute() ? pattern : base.resolve(pattern))
              .toAbsolutePath()
              .normalize()
              .toString();
      FileSystems.getDefault().getPathMatcher("glob:" + absolute);
    } catch (java.nio.file.InvalidPathException | java.util.regex.PatternSyntaxException e) {
      throw new InvalidInputException(
          "--on-new-file "
              + glob.replace("\0", "\\0")
              + " is not a glob: "
              + e.getMessage().lines().findFirst().orElse("")
              + "; use Java's glob syntax, such as data/incoming/*.csv");
    }
    return absolute;
  }

  /** The regular files the absolute glob matches now, sorted; none when its folder is missing. */
  public static List<Path> matches(String absoluteGlob) {
    Path root = Path.of("/");
    int depth = 0;
    boolean literal = true;
    for (Path part : Path.of(absoluteGlob)) {
      String text = part.toString();
      if (literal && !hasMeta(text)) {
        root = root.resolve(text);
      } else {
        literal = false;
        if (text.contains("**")) {
          depth = Integer.MAX_VALUE; // any number of folders
        } else if (depth != Integer.MAX_VALUE) {
          depth++;
        }
      }
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + absoluteGlob);
    if (literal) {
      return Files.isRegularFile(root) ? List.of(root) : List.of();
    }
    try (Stream<Path> walk = Files.walk(root, depth)) {
      return walk.filter(p -> matcher.matches(p) && Files.isRegularFile(p)).sorted().toList();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + root + " for " + absoluteGlob, e);
    } catch (UncheckedIOException e) {
      // Files.walk reports a folder that vanished or cannot be read while it walks this way
      throw new UncheckedIOException(
          "could not list " + root + " for " + absoluteGlob + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  private static boolean hasMeta(String segment) {
    return segment.chars().anyMatch(c -> "*?[]{}".indexOf(c) >= 0);
  }
}
