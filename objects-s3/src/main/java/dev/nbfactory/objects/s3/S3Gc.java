package dev.nbfactory.objects.s3;

import dev.nbfactory.registry.ArtifactStore.GcResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Garbage collection in the bucket, with the folder store's grace semantics. An object's time is
 * the newest of its LastModified (or the time {@code touch} set), and its freshness marker, which
 * every put of existing bytes and every {@code freshen} writes. S3 has no atomic rename, so an old
 * object is first copied aside, then deleted, and then its marker looked at once more: a writer
 * that marked it meanwhile gets it back; one that marks it later finds it gone and uploads it
 * again. Unfinished multipart uploads, set-aside copies and markers older than the grace go too.
 */
final class S3Gc {
  private final S3ArtifactStore store;
  private final S3Client s3;
  private final S3Keys keys;

  /** Runs between deleting an object and looking at its marker again; tests race a writer there. */
  private final Runnable afterDelete;

  S3Gc(S3ArtifactStore store) {
    this(store, () -> {});
  }

  S3Gc(S3ArtifactStore store, Runnable afterDelete) {
    this.store = store;
    this.s3 = store.client();
    this.keys = store.keys();
    this.afterDelete = afterDelete;
  }

  GcResult collect(Set<String> referenced, Duration grace, boolean dryRun) {
    Instant cutoff = Instant.now().minus(grace);
    Map<String, S3Object> objects = new HashMap<>();
    Map<String, Instant> markers = new HashMap<>();
    List<S3Object> temps = new ArrayList<>();
    try {
      s3.listObjectsV2Paginator(b -> b.bucket(keys.bucket()).prefix(keys.prefix()))
          .contents()
          .forEach(
              o -> {
                String hash = keys.hashOf(o.key());
                if (o.key().endsWith("/")) {
                  return; // a folder, as a filesystem-backed server lists them
                }
                if (hash != null) {
                  objects.put(hash, o);
                } else if (o.key().startsWith(keys.markers())) {
                  String marked =
                      keys.hashOf(keys.prefix() + o.key().substring(keys.markers().length()));
                  if (marked != null) {
                    markers.put(marked, o.lastModified());
                  }
                } else if (o.key().startsWith(keys.temp())) {
                  temps.add(o);
                }
              });
      List<String> removed = new ArrayList<>();
      long bytes = 0;
      int kept = 0;
      for (Map.Entry<String, S3Object> e : objects.entrySet()) {
        String hash = e.getKey();
        if (referenced.contains(hash) || isAfter(markers.get(hash), cutoff)) {
          kept++;
          continue;
        }
        Optional<HeadObjectResponse> head = store.head(hash);
        if (head.isEmpty() || objectTime(head.get()).isAfter(cutoff)) {
          kept++;
          continue;
        }
        if (!dryRun && !removeIfStillOld(hash, head.get().contentLength(), cutoff)) {
          kept++;
          continue;
        }
        removed.add(hash);
        bytes += head.get().contentLength();
      }
      for (S3Object temp : temps) {
        if (temp.lastModified().isBefore(cutoff)) {
          if (!dryRun) {
            s3.deleteObject(b -> b.bucket(keys.bucket()).key(temp.key()));
          }
          bytes += temp.size();
        }
      }
      if (!dryRun) {
        for (MultipartUpload upload : staleUploads(cutoff)) {
          s3.abortMultipartUpload(
              b -> b.bucket(keys.bucket()).key(upload.key()).uploadId(upload.uploadId()));
        }
        // Last: every decision above has read the markers it needed.
        for (Map.Entry<String, Instant> marker : markers.entrySet()) {
          if (marker.getValue().isBefore(cutoff)) {
            s3.deleteObject(b -> b.bucket(keys.bucket()).key(keys.marker(marker.getKey())));
          }
        }
      }
      return new GcResult(removed, bytes, kept);
    } catch (SdkException e) {
      throw store.failed("collect garbage", e);
    }
  }

  /** Leftovers older than {@code grace}: set-aside copies and unfinished uploads. */
  List<String> leftovers(Duration grace) {
    Instant cutoff = Instant.now().minus(grace);
    List<String> problems = new ArrayList<>();
    try {
      s3.listObjectsV2Paginator(b -> b.bucket(keys.bucket()).prefix(keys.temp()))
          .contents()
          .forEach(
              o -> {
                if (o.lastModified().isBefore(cutoff) && !o.key().endsWith("/")) {
                  problems.add(
                      store.location()
                          + ": "
                          + o.key()
                          + " is a temporary object a crashed gc left behind: 'factory gc' removes"
                          + " it");
                }
              });
      for (MultipartUpload upload : staleUploads(cutoff)) {
        problems.add(
            store.location()
                + ": an unfinished upload to "
                + upload.key()
                + " (a crashed put) since "
                + upload.initiated()
                + ": 'factory gc' aborts it");
      }
    } catch (SdkException e) {
      problems.add("cannot list the artifact store " + store.location() + ": " + e.getMessage());
    }
    return problems;
  }

  private boolean removeIfStillOld(String hash, long size, Instant cutoff) {
    String key = keys.object(hash);
    String aside = keys.temp() + "gc-" + hash + "-" + UUID.randomUUID();
    store.uploads().copy(key, aside, size, null);
    try {
      s3.deleteObject(b -> b.bucket(keys.bucket()).key(key));
      afterDelete.run();
      Optional<HeadObjectResponse> marker = store.headKey(keys.marker(hash));
      if (marker.isPresent() && marker.get().lastModified().isAfter(cutoff)) {
        store.uploads().copy(aside, key, size, null);
        return false;
      }
      // A writer that found it gone has stored it again: then it was not removed.
      return store.head(hash).isEmpty();
    } finally {
      s3.deleteObject(b -> b.bucket(keys.bucket()).key(aside));
    }
  }

  /**
   * Multipart uploads under the prefix begun before {@code cutoff}: each is a put that crashed, or
   * one so slow its object would be past the grace anyway. Some servers (S3Proxy) report the time
   * of the listing as every upload's start: an upload's age is then that of its newest part, and
   * one without parts is kept. A server that cannot list uploads has none to abort.
   */
  private List<MultipartUpload> staleUploads(Instant cutoff) {
    Instant listed = Instant.now();
    List<MultipartUpload> stale = new ArrayList<>();
    try {
      s3.listMultipartUploadsPaginator(b -> b.bucket(keys.bucket()).prefix(keys.prefix()))
          .uploads()
          .forEach(
              u -> {
                Instant started = u.initiated();
                if (started != null && started.isBefore(listed.minusSeconds(1))) {
                  if (started.isBefore(cutoff)) {
                    stale.add(u);
                  }
                } else if (lastPart(u).filter(t -> t.isBefore(cutoff)).isPresent()) {
                  stale.add(u);
                }
              });
    } catch (S3Exception e) {
      if (e.statusCode() != 501) {
        throw e;
      }
    }
    return stale;
  }

  private Optional<Instant> lastPart(MultipartUpload upload) {
    try {
      return lastPartOrFail(upload);
    } catch (S3Exception e) {
      return Optional.empty(); // finished or aborted meanwhile, or not listable: keep it
    }
  }

  private Optional<Instant> lastPartOrFail(MultipartUpload upload) {
    return s3
        .listParts(b -> b.bucket(keys.bucket()).key(upload.key()).uploadId(upload.uploadId()))
        .parts()
        .stream()
        .map(Part::lastModified)
        .filter(java.util.Objects::nonNull)
        .max(Instant::compareTo);
  }

  static Instant objectTime(HeadObjectResponse head) {
    String touched = head.metadata().get(S3ArtifactStore.TIME);
    if (touched != null) {
      try {
        return Instant.ofEpochMilli(Long.parseLong(touched));
      } catch (NumberFormatException e) {
        // not ours: fall back to the server's time
      }
    }
    return head.lastModified();
  }

  private static boolean isAfter(Instant time, Instant cutoff) {
    return time != null && time.isAfter(cutoff);
  }
}
