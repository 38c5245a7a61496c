package dev.nbfactory.registry;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded registry is its owner's alone: its folder, database (SQLite gives the journal files
 * the database's mode) and objects are created 0700 and 0600, whatever the umask, because they hold
 * a run's data and parameters. A shared store (a PostgreSQL team's {@code FACTORY_OBJECTS}) keeps
 * the umask, so teammates can read it. File systems without POSIX permissions are left as they are.
 */
final class PrivateFiles {
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private PrivateFiles() {}

  /** The attributes a new file gets: owner read and write only, where permissions exist. */
  static FileAttribute<?>[] file(Path where, boolean ownerOnly) {
    return ownerOnly && posix(where)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
        : new FileAttribute<?>[0];
  }

  /** Creates {@code dir} and any missing parents, the new ones owner-only when asked. */
  static Path createFolders(Path dir, boolean ownerOnly) throws IOException {
    if (ownerOnly && posix(dir.getRoot() == null ? Path.of("") : dir.getRoot())) {
      return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
    }
    return Files.createDirectories(dir);
  }

  /** Creates an empty {@code file} owner-only unless it exists. */
  static void createFile(Path file) throws IOException {
    try {
      Files.createFile(file, file(file.getParent(), true));
    } catch (FileAlreadyExistsException e) {
      // made before, by this process or another: its mode is its own
    }
  }

  /**
   * What is wrong with the modes of an embedded registry's own files: its folder, database and
   * journals, and object store; one line each, for {@code verify}.
   */
  static List<String> problems(RegistryLocation location) {
    List<Path> own = new ArrayList<>();
    own.add(location.folder());
    location
        .databaseFile()
        .ifPresent(db -> own.addAll(List.of(db, Path.of(db + "-wal"), Path.of(db + "-shm"))));
    own.add(location.objects());
    List<String> problems = new ArrayList<>();
    own.forEach(path -> problem(path).ifPresent(problems::add));
    return problems;
  }

  /** What is wrong with a private file's or folder's mode, for {@code verify}; empty when fine. */
  static Optional<String> problem(Path path) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || !posix(path)) {
      return Optional.empty();
    }
    try {
      Set<PosixFilePermission> mode =
          Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
      Set<PosixFilePermission> open = EnumSet.copyOf(OTHERS);
      open.retainAll(mode);
      if (open.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          path
              + " is "
              + PosixFilePermissions.toString(mode)
              + ": other users can "
              + (open.stream().anyMatch(p -> p.name().endsWith("WRITE")) ? "change" : "read")
              + " the registry's data; 'chmod go-w,o-rwx "
              + path
              + "' (a group may read: 640, 750)");
    } catch (IOException e) {
      return Optional.of("cannot read the permissions of " + path + ": " + e.getMessage());
    }
  }

  private static boolean posix(Path where) {
    return where.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
