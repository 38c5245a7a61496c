package dev.nbfactory.magics;

import dev.nbfactory.registry.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a raw file a stage names is: as given if absolute; else the first folder from the working
 * directory upwards that holds it (Jupyter starts a kernel in the notebook's folder, a pipeline
 * runs wherever it was started); else under {@code $FACTORY_HOME}, the checkout {@code bin/factory}
 * runs from.
 */
public final class RawFiles {
  private RawFiles() {}

  public static Path locate(String file) {
    return locate(file, Path.of("").toAbsolutePath(), System.getenv());
  }

  static Path locate(String file, Path workingDir, Map<String, String> env) {
    if (file == null || file.isBlank()) {
      throw new NotFoundException("no file named: give a path such as \"data/customers.csv\"");
    }
    Path given = Path.of(file);
    if (given.isAbsolute()) {
      return found(given.normalize(), file, workingDir);
    }
    for (Path dir = workingDir; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(given))) {
        return dir.resolve(given).normalize();
      }
    }
    String home = env.get("FACTORY_HOME");
    if (home != null && !home.isBlank() && Files.exists(Path.of(home).resolve(given))) {
      return Path.of(home).resolve(given).toAbsolutePath().normalize();
    }
    throw new NotFoundException(
        "cannot find "
            + file
            + " in "
            + workingDir
            + " or a folder above it"
            + (home == null ? "" : ", nor in FACTORY_HOME " + home)
            + ": give a path relative to one of them, or an absolute one");
  }

  private static Path found(Path path, String file, Path workingDir) {
    if (!Files.exists(path)) {
      throw new NotFoundException(
          "cannot find " + file + " (working directory " + workingDir + "): check the path");
    }
    return path;
  }
}
