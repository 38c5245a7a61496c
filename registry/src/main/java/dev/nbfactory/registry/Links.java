package dev.nbfactory.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a path leads through symbolic links, for paths that do not exist yet too. */
public final class Links {
  /** As Linux's limit on links followed in one lookup. */
  private static final int MAX_HOPS = 40;

  private Links() {}

  /** The file {@code file} names once the links at its end are followed; itself if none. */
  public static Path target(Path file) {
    Path target = file.toAbsolutePath().normalize();
    for (int hops = 0; hops < MAX_HOPS && Files.isSymbolicLink(target); hops++) {
      try {
        target = target.resolveSibling(Files.readSymbolicLink(target)).normalize();
      } catch (IOException e) {
        break;
      }
    }
    return target;
  }
}
