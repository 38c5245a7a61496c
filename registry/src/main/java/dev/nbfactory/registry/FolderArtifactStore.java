package dev.nbfactory.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The artifact store in a local or shared folder, the default: content-addressed bytes under {@code
 * .factory/objects/}: each object is named by its SHA-256 and stored once at {@code ab/cdef...}.
 * Writes go to a temp file that is fsynced and renamed into place, so a crash never leaves a
 * partial object at a final path; reads re-hash and raise {@link IntegrityException} naming the
 * object when the bytes changed. Symbolic links inside the store are refused, so nothing is read or
 * written outside it.
 */
public final class FolderArtifactStore implements ArtifactStore {
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  static final int BUFFER = 1 << 20;

  /** The folders objects are spread over: the hash's first two hex digits. */
  private static final Pattern FANOUT = Pattern.compile("[0-9a-f]{2}");

  private static final String TEMP_DIR = "tmp";

  private final Path root;
  private final boolean ownerOnly;

  /** A store whose new files and folders follow the umask, as a team's shared folder needs. */
  public FolderArtifactStore(Path root) {
    this(root, false);
  }

  /**
   * @param ownerOnly create files 0600 and folders 0700 whatever the umask (the embedded registry's
   *     store, see {@link PrivateFiles})
   */
  public FolderArtifactStore(Path root, boolean ownerOnly) {
    this.root = root.toAbsolutePath().normalize();
    this.ownerOnly = ownerOnly;
  }

  public Path root() {
    return root;
  }

  /**
   * The folder store behind {@code store}, for what only a folder can do (tests that damage an
   * object's file, a benchmark that deletes one); refuses any other store, naming it.
   */
  public static FolderArtifactStore of(ArtifactStore store) {
    if (store instanceof FolderArtifactStore folder) {
      return folder;
    }
    throw new InvalidInputException(
        "the artifact store "
            + store.location()
            + " is not a local folder: this works on a folder store (FACTORY_OBJECTS=/path) only");
  }

  @Override
  public String location() {
    return root.toString();
  }

  /** Stores a file's bytes, hashing them as they are copied. */
  @Override
  public StoredObject put(Path file) {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      return put(Channels.newInputStream(in));
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  @Override
  public StoredObject put(byte[] bytes) {
    return put(new java.io.ByteArrayInputStream(bytes));
  }

  /**
   * Stores the stream's bytes and returns their hash. Storing bytes that are already there is a
   * no-op that refreshes the object's time, so a concurrent {@link #gc} keeps it.
   */
  @Override
  public StoredObject put(InputStream in) {
    return write(
        out -> {
          byte[] buffer = new byte[BUFFER];
          int n;
          while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
            out.write(buffer, 0, n);
          }
        });
  }

  /**
   * Stores what {@code writer} writes, in one pass: the bytes are hashed as they go to the temp
   * file, so an encoder (a table's CSV, a model) never needs a file of its own or a second read.
   * The stream the writer gets is buffered; it must not close it. If the writer throws, nothing is
   * stored and the temp file is removed.
   */
  @Override
  public StoredObject write(ObjectWriter writer) {
    Path tempDir = root.resolve(TEMP_DIR);
    Path temp = tempDir.resolve("put-" + UUID.randomUUID() + ".tmp");
    try {
      PrivateFiles.createFolders(tempDir, ownerOnly);
      refuseLink(tempDir);
      HashingOutputStream hashing;
      try (FileChannel out =
          FileChannel.open(
              temp,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PrivateFiles.file(tempDir, ownerOnly))) {
        hashing = new HashingOutputStream(out);
        writer.writeTo(hashing);
        hashing.flushBuffer();
        out.force(true);
      }
      String hash = ContentHash.hex(hashing.digest);
      Path target = objectPath(hash);
      PrivateFiles.createFolders(target.getParent(), ownerOnly);
      refuseLink(target.getParent());
      moveIntoPlace(temp, target);
      return new StoredObject(hash, hashing.size);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to the artifact store " + root, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // A leftover temp file is removed by gc once it is older than the grace period.
      }
    }
  }

  /**
   * Opens an object for reading. The stream re-hashes what it reads and throws {@link
   * IntegrityException} at its end if the bytes are not the ones the name promises.
   */
  @Override
  public InputStream open(String hash) {
    Path path = existingObject(hash);
    try {
      InputStream raw =
          Channels.newInputStream(
              FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
      return new VerifyingInputStream(raw, hash);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open object " + hash, e);
    }
  }

  /**
   * Reads a whole object, verified. For small objects; large ones are streamed with {@link #open}.
   */
  @Override
  public byte[] read(String hash) {
    try (InputStream in = open(hash)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read object " + hash, e);
    }
  }

  /**
   * Copies an object to {@code target}, verified: the target appears, atomically, only if the bytes
   * matched their hash.
   */
  @Override
  public void copyTo(String hash, Path target) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try (InputStream in = open(hash)) {
      Files.copy(in, temp);
      moveIntoPlace(temp, target);
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy object " + hash + " to " + target, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: the copy failed already and says so
      }
    }
  }

  /** Re-hashes one object; throws {@link IntegrityException} if it is damaged or missing. */
  @Override
  public void verify(String hash) {
    try (InputStream in = open(hash)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read object " + hash, e);
    }
  }

  @Override
  public boolean contains(String hash) {
    Path path = objectPath(hash);
    return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** Size in bytes of a stored object. */
  @Override
  public long size(String hash) {
    try {
      return Files.size(existingObject(hash));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What is wrong with the store's folders, beyond its objects' bytes: a fan-out or temp folder
   * that is a symbolic link (every read through it is refused), an entry that is neither, and
   * temporary files a crashed write left, older than {@code grace}. One line each.
   */
  @Override
  public List<String> shapeProblems(Duration grace) {
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return problems;
    }
    Instant cutoff = Instant.now().minus(grace);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        boolean fanout = FANOUT.matcher(name).matches();
        if (Files.isSymbolicLink(entry) && (fanout || name.equals(TEMP_DIR))) {
          problems.add(
              entry
                  + " is a symbolic link; the store refuses to read or write through links: move"
                  + " its files into a folder of that name");
        } else if (name.equals(TEMP_DIR)) {
          try (DirectoryStream<Path> temps = Files.newDirectoryStream(entry)) {
            for (Path temp : temps) {
              if (Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS)
                  .toInstant()
                  .isBefore(cutoff)) {
                problems.add(
                    temp + " is a temporary file a write left behind: 'factory gc' removes it");
              }
            }
          }
        }
      }
    } catch (IOException e) {
      problems.add("cannot list the artifact store " + root + ": " + e.getMessage());
    }
    return problems;
  }

  /** Every object hash in the store, in no particular order. */
  @Override
  public List<String> list() {
    List<String> hashes = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return hashes;
    }
    try (DirectoryStream<Path> fanout = Files.newDirectoryStream(root)) {
      for (Path dir : fanout) {
        String prefix = dir.getFileName().toString();
        if (prefix.length() != 2 || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
          for (Path file : files) {
            String hash = prefix + file.getFileName();
            if (HASH.matcher(hash).matches()) {
              hashes.add(hash);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the artifact store " + root, e);
    }
    return hashes;
  }

  /**
   * Deletes objects not in {@code referenced} and temp files, when older than {@code grace}. The
   * grace period protects a writer that stored an object and has not yet committed its reference.
   */
  @Override
  public GcResult gc(Set<String> referenced, Duration grace, boolean dryRun) {
    Instant cutoff = Instant.now().minus(grace);
    List<String> removed = new ArrayList<>();
    long bytes = 0;
    int kept = 0;
    try {
      for (String hash : list()) {
        Path path = objectPath(hash);
        if (referenced.contains(hash)) {
          kept++;
          continue;
        }
        BasicFileAttributes attrs = attributes(path);
        if (attrs == null || attrs.lastModifiedTime().toInstant().isAfter(cutoff)) {
          kept++;
          continue;
        }
        if (!dryRun && !removeIfStillOld(hash, path, cutoff)) {
          kept++;
          continue;
        }
        removed.add(hash);
        bytes += attrs.size();
      }
      Path tempDir = root.resolve(TEMP_DIR);
      if (Files.isDirectory(tempDir, LinkOption.NOFOLLOW_LINKS)) {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tempDir)) {
          for (Path temp : temps) {
            BasicFileAttributes attrs = attributes(temp);
            if (attrs != null && attrs.lastModifiedTime().toInstant().isBefore(cutoff)) {
              if (!dryRun) {
                Files.deleteIfExists(temp);
              }
              bytes += attrs.size();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not collect garbage in " + root, e);
    }
    return new GcResult(removed, bytes, kept);
  }

  /**
   * Removes an object unless a writer stored it again since it was found old. The object is first
   * renamed aside, atomically, and its time checked again: a writer whose rename into place came
   * just before gets its (identical) bytes put back; one that comes after simply recreates it.
   */
  private boolean removeIfStillOld(String hash, Path path, Instant cutoff) throws IOException {
    Path tempDir = PrivateFiles.createFolders(root.resolve(TEMP_DIR), ownerOnly);
    Path aside = tempDir.resolve("gc-" + hash + "-" + UUID.randomUUID() + ".tmp");
    try {
      Files.move(path, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return false;
    }
    BasicFileAttributes attrs = attributes(aside);
    if (attrs != null && attrs.lastModifiedTime().toInstant().isAfter(cutoff)) {
      moveIntoPlace(aside, path);
      return false;
    }
    Files.deleteIfExists(aside);
    return true;
  }

  /**
   * Marks an object as just used, so {@link #gc} keeps it through the grace period; throws if the
   * object is not in the store.
   */
  @Override
  public void freshen(String hash) {
    try {
      Files.setLastModifiedTime(existingObject(hash), FileTime.from(Instant.now()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not update object " + hash, e);
    }
  }

  /** Sets an object's modification time; tests use it to age objects past the grace period. */
  @Override
  public void touch(String hash, Instant time) {
    try {
      Files.setLastModifiedTime(existingObject(hash), FileTime.from(time));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where an object with this hash lives; the hash is checked so no other path can be formed. */
  public Path objectPath(String hash) {
    if (hash == null || !HASH.matcher(hash).matches()) {
      throw new InvalidInputException(
          "invalid object hash '" + hash + "': expected 64 lower-case hex digits (SHA-256)");
    }
    return root.resolve(hash.substring(0, 2)).resolve(hash.substring(2));
  }

  private Path existingObject(String hash) {
    Path path = objectPath(hash);
    refuseLink(path.getParent());
    if (Files.isSymbolicLink(path)) {
      throw new IntegrityException(
          "object "
              + hash
              + " in "
              + root
              + " is a symbolic link, which the store never makes; remove it and store the"
              + " artifact again");
    }
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new IntegrityException(
          "object "
              + hash
              + " is missing from "
              + root
              + "; run 'factory verify' to list what else is missing");
    }
    return path;
  }

  private void refuseLink(Path dir) {
    if (Files.isSymbolicLink(dir)) {
      throw new IntegrityException(
          "'"
              + dir
              + "' inside the artifact store is a symbolic link; the store refuses to follow links"
              + " out of "
              + root);
    }
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new FactoryException(
          "cannot rename atomically into " + target.getParent() + ": " + e.getMessage(), e);
    }
    syncDirectory(target.getParent());
  }

  /** Makes a rename durable: fsync the directory that holds the new entry. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot fsync a directory; the rename itself has happened.
    }
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
