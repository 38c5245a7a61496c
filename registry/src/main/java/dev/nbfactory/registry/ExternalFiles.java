package dev.nbfactory.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Hashes external files and folders, with a per-host cache in the registry: a file whose size,
 * modification time, change time and inode are those it had when it was hashed is not read again.
 * The change time is what makes the cache safe against a time stamp set back by hand ({@code touch
 * -d}): setting it changes the change time. As git does for its index, a file changed within the
 * last two seconds before it was hashed is not cached, since a second change within the file
 * system's time resolution could go unseen.
 */
final class ExternalFiles {
  private static final long RACY_NS = TimeUnit.SECONDS.toNanos(2);
  private static final int ATTEMPTS = 3;

  private final Database database;
  private final String host;

  ExternalFiles(Database database, String host) {
    this.database = database;
    this.host = host;
  }

  ExternalContent content(Path location) {
    Path path = location.toAbsolutePath().normalize();
    try {
      if (Files.isDirectory(path)) {
        return folder(path);
      }
      if (!Files.isRegularFile(path)) {
        throw new NotFoundException(
            path + " does not exist or is not a regular file or folder: check the path");
      }
      Map<String, FingerprintSql.Row> fresh = new LinkedHashMap<>();
      FingerprintSql.Row row = hash(path, fresh);
      remember(fresh);
      return new ExternalContent(path, row.hash(), row.size(), null);
    } catch (NoSuchFileException e) {
      throw new NotFoundException(path + " disappeared while it was read: check the path");
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + path, e);
    }
  }

  /** A folder's manifest: each regular file under it, by relative path, with size and hash. */
  private ExternalContent folder(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .sorted((a, b) -> relative(dir, a).compareTo(relative(dir, b)))
              .toList();
    }
    Map<String, FingerprintSql.Row> fresh = new LinkedHashMap<>();
    StringBuilder manifest = new StringBuilder();
    long size = 0;
    for (Path file : files) {
      FingerprintSql.Row row = hash(file, fresh);
      manifest
          .append(relative(dir, file))
          .append('\t')
          .append(row.size())
          .append('\t')
          .append(row.hash())
          .append('\n');
      size += row.size();
    }
    remember(fresh);
    byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
    return new ExternalContent(dir, ContentHash.of(bytes), size, bytes);
  }

  private static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }

  /** The file's hash from the cache, or read; a read that raced a change is read again. */
  private FingerprintSql.Row hash(Path file, Map<String, FingerprintSql.Row> fresh)
      throws IOException {
    FingerprintSql.Row before = fingerprint(file, null);
    Optional<FingerprintSql.Row> cached =
        database.read(c -> FingerprintSql.find(c, host, file.toString()));
    if (cached.isPresent() && sameFile(cached.get(), before)) {
      return cached.get();
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long startedNs = nowNs();
      String hash = ContentHash.of(file);
      FingerprintSql.Row after = fingerprint(file, hash);
      if (sameFile(before, after)) {
        if (startedNs - after.changedNs() >= RACY_NS) {
          fresh.put(file.toString(), after);
        }
        return after;
      }
      before = after;
    }
    throw new FactoryException(
        file + " kept changing while it was hashed: wait until it is completely written");
  }

  private void remember(Map<String, FingerprintSql.Row> fresh) {
    if (fresh.isEmpty()) {
      return;
    }
    long now = nowNs();
    database.write(
        c -> {
          for (var e : fresh.entrySet()) {
            FingerprintSql.put(c, host, e.getKey(), e.getValue(), now);
          }
          return null;
        });
  }

  private static boolean sameFile(FingerprintSql.Row a, FingerprintSql.Row b) {
    return a.size() == b.size()
        && a.modifiedNs() == b.modifiedNs()
        && a.changedNs() == b.changedNs()
        && a.fileKey().equals(b.fileKey());
  }

  /** What the file system says of a file; the change time and inode where it tells them. */
  static FingerprintSql.Row fingerprint(Path file, String hash) throws IOException {
    try {
      Map<String, Object> unix =
          Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,dev,ino");
      return new FingerprintSql.Row(
          (Long) unix.get("size"),
          nanos((FileTime) unix.get("lastModifiedTime")),
          nanos((FileTime) unix.get("ctime")),
          unix.get("dev") + ":" + unix.get("ino"),
          hash);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      BasicFileAttributes basic = Files.readAttributes(file, BasicFileAttributes.class);
      long modified = nanos(basic.lastModifiedTime());
      return new FingerprintSql.Row(
          basic.size(), modified, modified, String.valueOf(basic.fileKey()), hash);
    }
  }

  private static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }

  private static long nowNs() {
    return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
  }
}
