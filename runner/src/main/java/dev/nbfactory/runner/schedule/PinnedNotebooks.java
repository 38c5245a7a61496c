package dev.nbfactory.runner.schedule;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
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

  /**
   * The folder for schedule files: in the registry folder, or beside a server registry's folder
   * store, or in {@code ~/.factory} when the store is not a folder (S3).
   */
  public static Path root(Registry registry) {
    RegistryLocation location = registry.location();
    Path base =
        location.folder() != null
            ? location.folder()
            : location.objects() != null
                ? location.objects().getParent()
                : Path.of(System.getProperty("user.home"), RegistryLocation.FOLDER);
    return base.resolve("schedules");
  }

  /**
   * The pinned notebook as a file, written once per promoted version; for a pipeline, the folder of
   * its pinned stage notebooks, under the promoted folder's name.
   */
  public static Path materialize(Registry registry, Schedule schedule) throws IOException {
    if (schedule.pipeline()) {
      return folder(registry, schedule);
    }
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

  private static Path folder(Registry registry, Schedule schedule) throws IOException {
    Path parent =
        root(registry).resolve(schedule.name()).resolve(schedule.notebookObject().substring(0, 16));
    Path dir = parent.resolve(schedule.notebookFile());
    if (!dir.normalize().startsWith(parent) || dir.equals(parent)) {
      throw new IOException("refusing pipeline folder name " + schedule.notebookFile());
    }
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Files.createDirectories(parent);
    // Written whole beside it, then renamed: a folder there is always complete.
    Path tmp = Files.createTempDirectory(parent, ".pinned");
    for (var notebook : schedule.stageNotebooks().entrySet()) {
      Files.write(tmp.resolve(notebook.getKey()), registry.store().read(notebook.getValue()));
    }
    try {
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.FileAlreadyExistsException
        | java.nio.file.DirectoryNotEmptyException e) {
      // another firing wrote it first: the same bytes
      try (var files = Files.list(tmp)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(tmp);
    }
    return dir;
  }

  /** The folder for one schedule's output notebooks and logs. */
  public static Path runs(Registry registry, String schedule) throws IOException {
    Path dir = root(registry).resolve(schedule).resolve("runs");
    Files.createDirectories(dir);
    return dir;
  }
}
