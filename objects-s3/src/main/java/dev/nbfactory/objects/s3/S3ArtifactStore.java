package dev.nbfactory.objects.s3;

import dev.nbfactory.registry.ArtifactStore;
import dev.nbfactory.registry.ContentHash;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.IntegrityException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.StoredObject;
import dev.nbfactory.registry.VerifyingInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The artifact store in an S3 bucket (or MinIO, Ceph, S3Proxy), under {@code s3://bucket/prefix}:
 * objects at {@code prefix/ab/cdef...}, named by their SHA-256 like the folder store. Bytes are
 * hashed before they are uploaded, so the key is known first and the object appears there only
 * whole (see {@link S3Uploads}); a put of bytes already stored uploads nothing. Every read
 * re-hashes, through a local cache of verified objects ({@link ObjectCache}). {@link S3Gc} keeps
 * what a concurrent writer is about to reference.
 */
public final class S3ArtifactStore implements ArtifactStore {
  /** Objects up to this size are read into memory, not through a temp file. */
  private static final long SMALL = 1 << 20;

  /** User metadata holding the time {@link #touch} set, in epoch milliseconds. */
  static final String TIME = "factory-time";

  private final S3Client s3;
  private final S3Keys keys;
  private final ObjectCache cache;
  private final S3Uploads uploads;

  S3ArtifactStore(S3Client s3, S3Keys keys, ObjectCache cache) {
    this.s3 = s3;
    this.keys = keys;
    this.cache = cache;
    this.uploads = new S3Uploads(s3, keys.bucket());
  }

  @Override
  public String location() {
    return keys.url();
  }

  S3Client client() {
    return s3;
  }

  S3Keys keys() {
    return keys;
  }

  S3Uploads uploads() {
    return uploads;
  }

  @Override
  public StoredObject put(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("no such file: " + file);
    }
    try {
      String hash = ContentHash.of(file);
      long size = Files.size(file);
      store(file, hash, size);
      return new StoredObject(hash, size);
    } catch (IOException e) {
      throw new UncheckedIOException("could not store " + file + " in " + location(), e);
    }
  }

  /** Bytes in memory need no spool file: hashed and uploaded from where they are. */
  @Override
  public StoredObject put(byte[] bytes) {
    if (bytes.length > S3Uploads.PART) {
      return put(new ByteArrayInputStream(bytes));
    }
    String hash = dev.nbfactory.registry.ContentHash.of(bytes);
    try {
      if (bytes.length <= SMALL) {
        // Cheaper than looking first: mark, then put (again); a gc racing us either sees the
        // mark and puts the object back, or deleted it before our put, which recreates it.
        markFresh(hash);
        uploads.upload(bytes, keys.object(hash));
      } else if (!storedAlready(hash)) {
        uploads.upload(bytes, keys.object(hash));
      }
    } catch (SdkException e) {
      throw failed("store object " + hash, e);
    }
    return new StoredObject(hash, bytes.length);
  }

  @Override
  public StoredObject put(InputStream in) {
    return write(in::transferTo);
  }

  /**
   * Spools what {@code writer} writes to a local file, hashing it on the way, then uploads that
   * file: the hash, and so the key, must be known before the upload starts.
   */
  @Override
  public StoredObject write(ObjectWriter writer) {
    Path spool = null;
    try {
      spool = cache.newTemp();
      DigestOutputStream hashing;
      long size;
      try (OutputStream file = Files.newOutputStream(spool);
          DigestOutputStream out =
              new DigestOutputStream(
                  new BufferedOutputStream(file, 1 << 20), ContentHash.digest())) {
        hashing = out;
        writer.writeTo(out);
        out.flush();
      }
      size = Files.size(spool);
      String hash = ContentHash.hex(hashing.getMessageDigest());
      store(spool, hash, size);
      return new StoredObject(hash, size);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write to the artifact store " + location(), e);
    } finally {
      if (spool != null) {
        ObjectCache.deleteQuietly(spool);
      }
    }
  }

  /**
   * Uploads unless the object is there. When it is, a freshness marker is written first and the
   * object checked again after: a gc that removed it in between either sees the marker and puts the
   * object back, or removed it before our second look, which then uploads (see {@link S3Gc}).
   */
  private void store(Path file, String hash, long size) throws IOException {
    try {
      if (!storedAlready(hash)) {
        uploads.upload(file, keys.object(hash), hash, size);
      }
    } catch (SdkException e) {
      throw failed("store object " + hash, e);
    }
  }

  private boolean storedAlready(String hash) {
    if (head(hash).isEmpty()) {
      return false;
    }
    markFresh(hash);
    return head(hash).isPresent();
  }

  @Override
  public InputStream open(String hash) {
    S3Keys.checked(hash);
    Optional<InputStream> cached = cache.open(hash);
    if (cached.isPresent()) {
      return cached.get();
    }
    ResponseInputStream<GetObjectResponse> response = get(hash);
    try {
      Long length = response.response().contentLength();
      if (length != null && length <= SMALL) {
        // Small: verified in memory, then cached.
        byte[] bytes;
        try (response) {
          bytes = response.readAllBytes();
        }
        new VerifyingInputStream(new ByteArrayInputStream(bytes), hash)
            .transferTo(OutputStream.nullOutputStream());
        cache.adopt(hash, bytes);
        return new ByteArrayInputStream(bytes);
      }
      return cache.enabled()
          ? new CachingDownload(response, hash, cache)
          : new VerifyingInputStream(response, hash);
    } catch (IOException e) {
      try {
        response.close();
      } catch (IOException ignored) {
        // the first failure says what went wrong
      }
      throw new UncheckedIOException("could not read object " + hash + " from " + location(), e);
    }
  }

  @Override
  public byte[] read(String hash) {
    try (InputStream in = open(hash)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read object " + hash, e);
    }
  }

  @Override
  public void copyTo(String hash, Path target) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try (InputStream in = open(hash)) {
      Files.copy(in, temp);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new FactoryException("cannot rename atomically into " + dir, e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy object " + hash + " to " + target, e);
    } finally {
      ObjectCache.deleteQuietly(temp);
    }
  }

  /** Re-hashes the bytes in the bucket, not the local cache's copy. */
  @Override
  public void verify(String hash) {
    try (InputStream in = new VerifyingInputStream(get(hash), hash)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read object " + hash + " from " + location(), e);
    }
  }

  @Override
  public boolean contains(String hash) {
    return head(S3Keys.checked(hash)).isPresent();
  }

  @Override
  public long size(String hash) {
    return head(hash).orElseThrow(() -> missing(hash)).contentLength();
  }

  @Override
  public List<String> shapeProblems(Duration grace) {
    return new S3Gc(this).leftovers(grace);
  }

  @Override
  public List<String> list() {
    List<String> hashes = new ArrayList<>();
    try {
      s3.listObjectsV2Paginator(b -> b.bucket(keys.bucket()).prefix(keys.prefix()))
          .contents()
          .forEach(
              o -> {
                String hash = keys.hashOf(o.key());
                if (hash != null) {
                  hashes.add(hash);
                }
              });
    } catch (SdkException e) {
      throw failed("list " + location(), e);
    }
    return hashes;
  }

  @Override
  public GcResult gc(Set<String> referenced, Duration grace, boolean dryRun) {
    return new S3Gc(this).collect(referenced, grace, dryRun);
  }

  /** Writes the object's freshness marker; throws if the object is not in the store. */
  @Override
  public void freshen(String hash) {
    markFresh(hash);
    if (head(hash).isEmpty()) {
      throw missing(hash);
    }
  }

  /** Sets the object's time in its metadata (S3 sets LastModified itself) and drops its marker. */
  @Override
  public void touch(String hash, Instant time) {
    HeadObjectResponse head = head(hash).orElseThrow(() -> missing(hash));
    String key = keys.object(hash);
    uploads.copy(key, key, head.contentLength(), Map.of(TIME, Long.toString(time.toEpochMilli())));
    s3.deleteObject(b -> b.bucket(keys.bucket()).key(keys.marker(hash)));
  }

  void markFresh(String hash) {
    try {
      s3.putObject(b -> b.bucket(keys.bucket()).key(keys.marker(hash)), RequestBody.empty());
    } catch (SdkException e) {
      throw failed("mark object " + hash + " as used", e);
    }
  }

  Optional<HeadObjectResponse> head(String hash) {
    return headKey(keys.object(hash));
  }

  Optional<HeadObjectResponse> headKey(String key) {
    try {
      return Optional.of(s3.headObject(b -> b.bucket(keys.bucket()).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw failed("look up " + key, e);
    } catch (SdkException e) {
      throw failed("look up " + key, e);
    }
  }

  private ResponseInputStream<GetObjectResponse> get(String hash) {
    try {
      return s3.getObject(b -> b.bucket(keys.bucket()).key(keys.object(hash)));
    } catch (NoSuchKeyException e) {
      throw missing(hash);
    } catch (SdkException e) {
      throw failed("read object " + hash, e);
    }
  }

  private IntegrityException missing(String hash) {
    return new IntegrityException(
        "object "
            + hash
            + " is missing from "
            + location()
            + "; run 'factory verify' to list what else is missing");
  }

  /** An S3 failure, named with the store; the SDK's message holds no credentials. */
  FactoryException failed(String what, SdkException e) {
    return new FactoryException(
        "could not " + what + " in " + location() + ": " + e.getMessage(), e);
  }
}
