package dev.nbfactory.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Content-addressed bytes: each object is named by its SHA-256 and stored once. A crashed write
 * never leaves an object under its final name; every read re-hashes and raises {@link
 * IntegrityException} naming the object when the bytes changed; {@link #gc} keeps anything younger
 * than its grace period, so a writer that stored an object and has not yet committed its reference
 * keeps it. {@link FolderArtifactStore} is the default; other stores (S3) come through {@link
 * ArtifactStoreProvider}.
 */
public interface ArtifactStore {

  /** Where the store is, fit to show or log: a folder, or a URL without credentials. */
  String location();

  /** Stores a file's bytes, hashing them as they are copied. */
  StoredObject put(Path file);

  StoredObject put(byte[] bytes);

  /**
   * Stores the stream's bytes and returns their hash. Storing bytes that are already there is a
   * no-op that refreshes the object's time, so a concurrent {@link #gc} keeps it.
   */
  StoredObject put(InputStream in);

  /** Writes an object's bytes to the stream it is given; used by {@link #write}. */
  @FunctionalInterface
  interface ObjectWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Stores what {@code writer} writes, in one pass: the bytes are hashed as they go, so an encoder
   * (a table's CSV, a model) never needs a file of its own or a second read. The stream the writer
   * gets is buffered; it must not close it. If the writer throws, nothing is stored.
   */
  StoredObject write(ObjectWriter writer);

  /**
   * Opens an object for reading. The stream re-hashes what it reads and throws {@link
   * IntegrityException} at its end if the bytes are not the ones the name promises.
   */
  InputStream open(String hash);

  /**
   * Reads a whole object, verified. For small objects; large ones are streamed with {@link #open}.
   */
  byte[] read(String hash);

  /**
   * Copies an object to {@code target}, verified: the target appears, atomically, only if the bytes
   * matched their hash.
   */
  void copyTo(String hash, Path target);

  /** Re-hashes one object; throws {@link IntegrityException} if it is damaged or missing. */
  void verify(String hash);

  boolean contains(String hash);

  /** Size in bytes of a stored object. */
  long size(String hash);

  /**
   * What is wrong with the store beyond its objects' bytes (links, leftovers of crashed writes
   * older than {@code grace}), one line each, naming the fix.
   */
  List<String> shapeProblems(Duration grace);

  /** Every object hash in the store, in no particular order. */
  List<String> list();

  /**
   * Deletes objects not in {@code referenced}, and leftovers of crashed writes, when older than
   * {@code grace}. The grace period protects a writer that stored an object and has not yet
   * committed its reference.
   */
  GcResult gc(Set<String> referenced, Duration grace, boolean dryRun);

  /**
   * Marks an object as just used, so {@link #gc} keeps it through the grace period; throws if the
   * object is not in the store.
   */
  void freshen(String hash);

  /** Sets an object's time as {@link #gc} sees it; tests use it to age objects past the grace. */
  void touch(String hash, Instant time);

  /** What a {@link #gc} removed (or would remove, on a dry run). */
  record GcResult(List<String> removed, long bytesFreed, int kept) {}
}
