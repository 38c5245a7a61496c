package dev.nbfactory.objects.s3;

import dev.nbfactory.registry.IntegrityException;
import dev.nbfactory.registry.VerifyingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A local copy of objects read from S3, so a stage that reads a dataset twice downloads it once.
 * Only verified bytes enter (a download is re-hashed before it is renamed in), each read re-hashes
 * again, and the least recently read objects are removed once the cache is over its size: {@code
 * FACTORY_OBJECTS_CACHE_MB} (default 2048; 0 turns the cache off) in {@code FACTORY_OBJECTS_CACHE},
 * else {@code ~/.factory/cache/objects}.
 */
final class ObjectCache {
  static final String ENV_DIR = "FACTORY_OBJECTS_CACHE";
  static final String ENV_MB = "FACTORY_OBJECTS_CACHE_MB";
  private static final long DEFAULT_MB = 2048;

  private final Path root;
  private final long maxBytes;

  /**
   * What this process believes the cache holds, or -1 before it first looks: the folder is walked
   * only when this passes the limit, not on every insert (other processes add to it too).
   */
  private long knownBytes = -1;

  ObjectCache(Path root, long maxBytes) {
    this.root = root.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
  }

  static ObjectCache fromEnvironment(Map<String, String> env) {
    String dir = env.get(ENV_DIR);
    Path root =
        dir != null && !dir.isBlank()
            ? Path.of(dir)
            : Path.of(System.getProperty("user.home"), ".factory", "cache", "objects");
    String mb = env.get(ENV_MB);
    long limit;
    try {
      limit = mb == null || mb.isBlank() ? DEFAULT_MB : Long.parseLong(mb.strip());
    } catch (NumberFormatException e) {
      throw new dev.nbfactory.registry.InvalidInputException(
          ENV_MB + "=" + mb + " is not a number of megabytes");
    }
    return new ObjectCache(root, Math.max(0, limit) << 20);
  }

  /** A new file to download into, in the cache's folder so it can be renamed in. */
  Path newTemp() throws IOException {
    Path temp = Files.createDirectories(root.resolve("tmp"));
    return temp.resolve("get-" + UUID.randomUUID() + ".tmp");
  }

  /** The cached object, verified as it is read; a damaged copy is dropped and reported. */
  Optional<InputStream> open(String hash) {
    Path file = path(hash);
    try {
      InputStream raw = Files.newInputStream(file);
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
      return Optional.of(new DroppedWhenDamaged(new VerifyingInputStream(raw, hash), file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Takes a verified download in; returns where it is now (the temp file itself when the cache is
   * off, for the caller to read and delete).
   */
  Path adopt(String hash, Path verified) throws IOException {
    if (maxBytes == 0) {
      return verified;
    }
    Path target = path(hash);
    Files.createDirectories(target.getParent());
    try {
      Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(verified, target, StandardCopyOption.REPLACE_EXISTING);
    }
    noteAdded(target);
    return target;
  }

  /** Takes verified bytes in, when the cache is on. */
  void adopt(String hash, byte[] verified) throws IOException {
    if (maxBytes == 0) {
      return;
    }
    Path temp = newTemp();
    Files.write(temp, verified);
    adopt(hash, temp);
  }

  private synchronized void noteAdded(Path target) throws IOException {
    if (knownBytes >= 0) {
      knownBytes += Files.size(target);
    }
    if (knownBytes < 0 || knownBytes > maxBytes) {
      knownBytes = evict(target);
    }
  }

  boolean enabled() {
    return maxBytes > 0;
  }

  /**
   * Removes the least recently read objects until the cache fits, never {@code keep}; returns the
   * size left.
   */
  private long evict(Path keep) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root, 2)) {
      walk.filter(
              p -> p.getParent() != null && p.getParent().getFileName().toString().length() == 2)
          .filter(Files::isRegularFile)
          .forEach(files::add);
    }
    long total = 0;
    List<Entry> entries = new ArrayList<>();
    for (Path file : files) {
      try {
        long size = Files.size(file);
        total += size;
        entries.add(new Entry(file, size, Files.getLastModifiedTime(file).toMillis()));
      } catch (NoSuchFileException e) {
        // removed by another process sharing the cache
      }
    }
    entries.sort(Comparator.comparingLong(Entry::used));
    for (Entry entry : entries) {
      if (total <= maxBytes) {
        break;
      }
      if (!entry.file.equals(keep)) {
        Files.deleteIfExists(entry.file);
        total -= entry.size;
      }
    }
    return total;
  }

  private record Entry(Path file, long size, long used) {}

  private Path path(String hash) {
    S3Keys.checked(hash);
    return root.resolve(hash.substring(0, 2)).resolve(hash.substring(2));
  }

  /** Deletes a cached copy whose bytes no longer match, so the next read downloads it again. */
  private static final class DroppedWhenDamaged extends FilterInputStream {
    private final Path file;

    DroppedWhenDamaged(InputStream in, Path file) {
      super(in);
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IntegrityException e) {
        throw drop(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IntegrityException e) {
        throw drop(e);
      }
    }

    private IntegrityException drop(IntegrityException e) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the message says what to do either way
      }
      return new IntegrityException(
          e.getMessage() + " (the local cached copy " + file + " was removed: read it again)");
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
