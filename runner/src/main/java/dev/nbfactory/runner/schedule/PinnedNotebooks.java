package dev.nbfactory.runner.schedule;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where a scheduler keeps the files of scheduled runs: the pinned copy of each promoted notebook
 * (written from the artifact store, hash-verified, under its original file name so its stage name
 * is the same) and the output notebooks and logs of each run.
 */
public final class PinnedNotebooks {
  private PinnedNotebooks() {}

  /** The folder for schedule files: in the registry folder, or beside a server registry's store. */
  public static Path root(Registry registry) {
    Path base =
        registry.location().folder() != null
            ? registry.location().folder()
            : registry.location().objects().getParent();
    return base.resolve("schedules");
  }

  /** The pinned notebook as a file, written once per promoted version. */
  public static Path materialize(Registry registry, Schedule schedule) throws IOException {
    Path dir =
        root(registry).resolve(schedule.name()).resolve(schedule.notebookObject().substring(0, 16));
    Path file = dir.resolve(schedule.notebookFile());
    if (!file.normalize().startsWith(dir)) {
      throw new IOException("refusing notebook file name " + schedule.notebookFile());
    }
    if (Files.isRegularFile(file)) {
      return file;
    }
    Files.createDirectories(dir);
    byte[] bytes = registry.store().read(schedule.notebookObject());
    Path tmp = Files.createTempFile(dir, ".pinned", ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  /** The folder for one schedule's output notebooks and logs. */
  public static Path runs(Registry registry, String schedule) throws IOException {
    Path dir = root(registry).resolve(schedule).resolve("runs");
    Files.createDirectories(dir);
    return dir;
  }
}
