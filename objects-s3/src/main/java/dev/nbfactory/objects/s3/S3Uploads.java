package dev.nbfactory.objects.s3;

import dev.nbfactory.registry.ContentHash;
import dev.nbfactory.registry.IntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyPartResult;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Puts bytes under a final key so that nothing is ever visible there but the whole object whose
 * hash names it. A small object is one PUT, which S3 makes visible only once complete. A large one
 * is a multipart upload whose parts are re-hashed as they are read, and completed only when the
 * hash of all of them is the one the key promises: a crash, or a file changed under us, leaves an
 * unfinished upload that gc aborts, never an object. Each request carries its Content-MD5, which
 * the server checks before it keeps the bytes: the one checksum every S3-compatible server checks
 * (S3Proxy refuses the newer x-amz-checksum headers with 501).
 */
final class S3Uploads {
  /** Above this an object goes in parts; also the part size. */
  static final long PART = 64L << 20;

  /** The largest object one CopyObject request may copy. */
  private static final long COPY_LIMIT = 5L << 30;

  private static final long COPY_PART = 1L << 30;

  private final S3Client s3;
  private final String bucket;

  S3Uploads(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** Uploads bytes in memory, at most {@link #PART}, in one PUT. */
  void upload(byte[] bytes, String key) {
    String md5 = md5(bytes, bytes.length);
    s3.putObject(b -> b.bucket(bucket).key(key).contentMD5(md5), RequestBody.fromBytes(bytes));
  }

  /** Uploads {@code file}, whose bytes hash to {@code hash}, to {@code key}. */
  void upload(Path file, String key, String hash, long size) throws IOException {
    if (size <= PART) {
      byte[] bytes = Files.readAllBytes(file);
      if (!ContentHash.of(bytes).equals(hash)) {
        throw changed(file, hash);
      }
      upload(bytes, key);
      return;
    }
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    boolean completed = false;
    try (InputStream raw = Files.newInputStream(file);
        DigestInputStream in = new DigestInputStream(raw, ContentHash.digest())) {
      List<CompletedPart> parts = new ArrayList<>();
      byte[] buffer = new byte[(int) PART];
      for (int number = 1; ; number++) {
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n == 0) {
          break;
        }
        int part = number;
        String md5 = md5(buffer, n);
        UploadPartResponse r =
            s3.uploadPart(
                b -> b.bucket(bucket).key(key).uploadId(id).partNumber(part).contentMD5(md5),
                RequestBody.fromBytes(n == buffer.length ? buffer : slice(buffer, n)));
        parts.add(CompletedPart.builder().partNumber(part).eTag(r.eTag()).build());
      }
      if (!hex(in.getMessageDigest()).equals(hash)) {
        throw changed(file, hash);
      }
      s3.completeMultipartUpload(
          b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
      completed = true;
    } finally {
      if (!completed) {
        abortQuietly(key, id);
      }
    }
  }

  /**
   * Server-side copy, with {@code metadata} replacing the source's when given (a copy in place then
   * refreshes the object's time); in parts above the 5 GiB a single copy may take.
   */
  void copy(String from, String to, long size, Map<String, String> metadata) {
    if (size <= COPY_LIMIT) {
      s3.copyObject(
          b -> {
            b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to);
            if (metadata != null) {
              b.metadataDirective(MetadataDirective.REPLACE).metadata(metadata);
            }
          });
      return;
    }
    Map<String, String> meta =
        metadata != null ? metadata : s3.headObject(b -> b.bucket(bucket).key(from)).metadata();
    String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(to).metadata(meta)).uploadId();
    boolean completed = false;
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (long start = 0; start < size; start += COPY_PART) {
        int part = parts.size() + 1;
        String range = "bytes=" + start + "-" + (Math.min(size, start + COPY_PART) - 1);
        CopyPartResult r =
            s3.uploadPartCopy(
                    b ->
                        b.sourceBucket(bucket)
                            .sourceKey(from)
                            .destinationBucket(bucket)
                            .destinationKey(to)
                            .uploadId(id)
                            .partNumber(part)
                            .copySourceRange(range))
                .copyPartResult();
        parts.add(CompletedPart.builder().partNumber(part).eTag(r.eTag()).build());
      }
      s3.completeMultipartUpload(
          b -> b.bucket(bucket).key(to).uploadId(id).multipartUpload(m -> m.parts(parts)));
      completed = true;
    } finally {
      if (!completed) {
        abortQuietly(to, id);
      }
    }
  }

  private void abortQuietly(String key, String id) {
    try {
      s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id));
    } catch (RuntimeException e) {
      // gc aborts unfinished uploads older than its grace period
    }
  }

  /** A Content-MD5 header's value: the digest of the first {@code n} bytes, base64. */
  private static String md5(byte[] buffer, int n) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(buffer, 0, n);
      return Base64.getEncoder().encodeToString(md5.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  private static byte[] slice(byte[] buffer, int n) {
    byte[] part = new byte[n];
    System.arraycopy(buffer, 0, part, 0, n);
    return part;
  }

  private static String hex(MessageDigest digest) {
    return ContentHash.hex(digest);
  }

  private static IntegrityException changed(Path file, String hash) {
    return new IntegrityException(
        file
            + " changed while it was being stored (it hashed to "
            + hash
            + " first): nothing was stored; store it again once nothing writes to it");
  }
}
