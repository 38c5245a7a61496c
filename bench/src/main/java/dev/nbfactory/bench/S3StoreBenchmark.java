package dev.nbfactory.bench;

import dev.nbfactory.registry.ArtifactStore;
import dev.nbfactory.registry.ArtifactStores;
import dev.nbfactory.registry.FolderArtifactStore;
import dev.nbfactory.registry.RegistryLocation;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark 12: the S3 artifact store against an S3-compatible server on loopback (bin/test-s3), in
 * one run, beside the folder store and beside a plain SDK upload and download of the same bytes
 * with none of our checks (no hash, no Content-MD5, no existence check, no cache): put and verified
 * get of one large artifact, then of many small ones. Prints throughput and our time over the plain
 * SDK's (target <= 1.3x).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.nbfactory.bench.S3StoreBenchmark ENDPOINT [SIZE_MIB=1024] [SMALL=10000] [DIR]
 * </pre>
 */
public final class S3StoreBenchmark {
  private static final String BUCKET = "factory-bench";
  private static final int SMALL_BYTES = 4096;

  private S3StoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    long sizeMib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    int small = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    Path dir =
        Files.createDirectories(
            args.length > 3
                ? Path.of(args[3])
                : Path.of(System.getProperty("java.io.tmpdir"), "nbfactory-bench", "s3"));
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ENDPOINT_URL", endpoint);
    env.put("AWS_ACCESS_KEY_ID", "factory-test");
    env.put("AWS_SECRET_ACCESS_KEY", "factory-test-secret");
    env.put("AWS_REGION", "us-east-1");
    env.put("FACTORY_OBJECTS_CACHE", dir.resolve("cache-" + UUID.randomUUID()).toString());
    env.put("FACTORY_OBJECTS_CACHE_MB", Long.toString(2 * sizeMib + 512));
    String run = "run-" + UUID.randomUUID();
    env.put("FACTORY_OBJECTS", "s3://" + BUCKET + "/" + run + "/store");

    try (S3Client plain = plainClient(endpoint)) {
      if (plain.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
        plain.createBucket(b -> b.bucket(BUCKET));
      }
      ArtifactStore s3 =
          ArtifactStores.open(RegistryLocation.parse("jdbc:postgresql://x/y", env), env);
      FolderArtifactStore folder = new FolderArtifactStore(dir.resolve(run + "-objects"));
      Path big = dir.resolve("artifact-" + sizeMib + "MiB.bin");
      if (!Files.exists(big) || Files.size(big) != sizeMib << 20) {
        writeRandom(big, sizeMib << 20);
      }
      double mib = sizeMib;
      System.out.printf(
          Locale.ROOT,
          "S3 store benchmark against %s, %d MiB artifact, %d x %d B%n",
          endpoint,
          sizeMib,
          small,
          SMALL_BYTES);

      warmUp(folder, s3, plain, run);

      // One large artifact: folder store, our S3 store, the plain SDK, in that order.
      double folderPut = time(() -> folder.put(big));
      String hash = folder.put(big).hash();
      double folderGet = time(() -> drain(folder.open(hash)));
      double s3Put = time(() -> s3.put(big));
      double s3Get = time(() -> drain(s3.open(hash)));
      String key = run + "/plain/" + hash;
      double plainPut =
          time(() -> plain.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(big)));
      double plainGet = time(() -> drain(plain.getObject(b -> b.bucket(BUCKET).key(key))));
      // The same upload the way 'aws s3 cp' makes it, in parts (ours are 64 MiB), and our get
      // with the cache off: verifying without writing a local copy.
      double plainPartsPut = time(() -> plainMultipart(plain, big, run + "/plain-parts/" + hash));
      Map<String, String> uncached = new HashMap<>(env);
      uncached.put(
          "FACTORY_OBJECTS_CACHE", dir.resolve("no-cache-" + UUID.randomUUID()).toString());
      uncached.put("FACTORY_OBJECTS_CACHE_MB", "0");
      ArtifactStore s3NoCache =
          ArtifactStores.open(RegistryLocation.parse("jdbc:postgresql://x/y", uncached), uncached);
      double s3GetNoCache = time(() -> drain(s3NoCache.open(hash)));
      double s3GetCached = time(() -> drain(s3.open(hash)));
      report("large put", mib, folderPut, s3Put, plainPut, "MiB/s");
      report("  vs parts", mib, folderPut, s3Put, plainPartsPut, "MiB/s");
      report("large get", mib, folderGet, s3Get, plainGet, "MiB/s");
      report("  no cache", mib, folderGet, s3GetNoCache, plainGet, "MiB/s");
      report("  cached", mib, folderGet, s3GetCached, plainGet, "MiB/s");

      // Many small artifacts.
      List<byte[]> blobs = new ArrayList<>();
      Random random = new Random(42);
      for (int i = 0; i < small; i++) {
        byte[] b = new byte[SMALL_BYTES];
        random.nextBytes(b);
        blobs.add(b);
      }
      List<String> hashes = new ArrayList<>();
      double folderSmallPut = time(() -> blobs.forEach(b -> hashes.add(folder.put(b).hash())));
      double folderSmallGet = time(() -> hashes.forEach(folder::read));
      double s3SmallPut = time(() -> blobs.forEach(s3::put));
      double s3SmallGet = time(() -> hashes.forEach(s3::read));
      double plainSmallPut =
          time(
              () -> {
                for (int i = 0; i < small; i++) {
                  String k = run + "/plain-small/" + hashes.get(i);
                  byte[] b = blobs.get(i);
                  plain.putObject(r -> r.bucket(BUCKET).key(k), RequestBody.fromBytes(b));
                }
              });
      double plainSmallGet =
          time(
              () -> {
                for (String h : hashes) {
                  plain.getObjectAsBytes(r -> r.bucket(BUCKET).key(run + "/plain-small/" + h));
                }
              });
      report("small put", small, folderSmallPut, s3SmallPut, plainSmallPut, "objects/s");
      report("small get", small, folderSmallGet, s3SmallGet, plainSmallGet, "objects/s");
    }
  }

  /** Each path once on a few objects, so the JIT has compiled it before the clock runs. */
  private static void warmUp(ArtifactStore folder, ArtifactStore s3, S3Client plain, String run)
      throws Exception {
    Random random = new Random(1);
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[i < 295 ? SMALL_BYTES : 8 << 20];
      random.nextBytes(b);
      String h = folder.put(b).hash();
      folder.read(h);
      s3.put(b);
      drain(s3.open(h));
      String k = run + "/warm/" + h;
      plain.putObject(r -> r.bucket(BUCKET).key(k), RequestBody.fromBytes(b));
      drain(plain.getObject(r -> r.bucket(BUCKET).key(k)));
    }
  }

  /** A multipart upload in 64 MiB parts with no hash and no checksum: 'aws s3 cp' style. */
  private static void plainMultipart(S3Client plain, Path file, String key) throws Exception {
    String id = plain.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
    List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new ArrayList<>();
    byte[] buffer = new byte[64 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
        int number = parts.size() + 1;
        byte[] body = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
        String etag =
            plain
                .uploadPart(
                    b -> b.bucket(BUCKET).key(key).uploadId(id).partNumber(number),
                    RequestBody.fromBytes(body))
                .eTag();
        parts.add(
            software.amazon.awssdk.services.s3.model.CompletedPart.builder()
                .partNumber(number)
                .eTag(etag)
                .build());
      }
    }
    plain.completeMultipartUpload(
        b -> b.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
  }

  private static S3Client plainClient(String endpoint) {
    return S3Client.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .endpointOverride(URI.create(endpoint))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("factory-test", "factory-test-secret")))
        .build();
  }

  private static void report(
      String what, double amount, double folder, double ours, double plain, String unit) {
    System.out.printf(
        Locale.ROOT,
        "%-10s folder %9.1f %s | S3 store %9.1f %s | plain SDK %9.1f %s | S3 store / plain SDK"
            + " time %.2fx%n",
        what,
        amount / folder,
        unit,
        amount / ours,
        unit,
        amount / plain,
        unit,
        ours / plain);
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  /** Seconds one run of {@code work} takes. */
  private static double time(Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void drain(InputStream in) throws Exception {
    try (in) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static void writeRandom(Path file, long size) throws Exception {
    Random random = new Random(7);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
  }
}
