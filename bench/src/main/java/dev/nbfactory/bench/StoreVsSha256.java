package dev.nbfactory.bench;

import dev.nbfactory.registry.FolderArtifactStore;
import dev.nbfactory.registry.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Target 3: the artifact store's {@code put} and verified get ({@code copyTo}) of one large file
 * against {@code sha256sum} of the same file, in the same process run and interleaved round by
 * round, so a busy machine slows all of them alike. Run by {@code bench/store-vs-sha256sum.sh},
 * which makes the file; usage: {@code StoreVsSha256 FILE WORKDIR RUNS}.
 *
 * <p>Each round: {@code sync}, then time sha256sum, put (temp file, fsync, rename), copyTo
 * (verified copy out), verify (verified read, nothing written), and two references for scale:
 * Java's SHA-256 over the file with a 1 MiB buffer, and a plain copy plus fsync. Objects and copies
 * are deleted between rounds, outside the clock. MB is 10^6 bytes.
 */
public final class StoreVsSha256 {
  private static final int BUFFER = 1 << 20;

  private final Path file;
  private final long size;
  private final FolderArtifactStore store;
  private final Path copies;
  private final Map<String, List<Long>> nanos = new LinkedHashMap<>();
  private String expected;

  private StoreVsSha256(Path file, Path work) throws IOException {
    this.file = file;
    this.size = Files.size(file);
    this.store = new FolderArtifactStore(work.resolve("objects"));
    this.copies = Files.createDirectories(work.resolve("copies"));
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: StoreVsSha256 FILE WORKDIR RUNS");
      System.exit(2);
    }
    StoreVsSha256 bench = new StoreVsSha256(Path.of(args[0]), Path.of(args[1]));
    bench.run(Integer.parseInt(args[2]));
  }

  private void run(int rounds) {
    System.out.printf(
        Locale.ROOT,
        "file %s: %,d bytes; %d timed rounds after 1 warm-up round%n",
        file,
        size,
        rounds);
    for (int round = 0; round <= rounds; round++) {
      boolean timed = round > 0;
      measure(timed, "sha256sum", this::sha256sum);
      measure(timed, "put", this::put);
      measure(timed, "get (copyTo)", this::copyTo);
      measure(timed, "verify (open+read)", this::verify);
      measure(timed, "reference: Java SHA-256 only", this::javaSha256);
      measure(timed, "reference: copy + fsync, no hash", this::copyAndFsync);
      deleteObject();
      System.out.printf(Locale.ROOT, "%s round %d done%n", timed ? "timed" : "warm-up", round);
    }
    report();
  }

  private void measure(boolean timed, String name, LongSupplier work) {
    sync();
    long elapsed = work.getAsLong();
    if (timed) {
      nanos.computeIfAbsent(name, k -> new ArrayList<>()).add(elapsed);
    }
  }

  private long sha256sum() {
    long start = System.nanoTime();
    String out = exec("sha256sum", file.toString());
    long elapsed = System.nanoTime() - start;
    String hash = out.substring(0, 64);
    if (expected == null) {
      expected = hash;
    } else if (!expected.equals(hash)) {
      throw new IllegalStateException("sha256sum changed its mind: " + hash + " vs " + expected);
    }
    return elapsed;
  }

  private long put() {
    deleteObject();
    long start = System.nanoTime();
    StoredObject object = store.put(file);
    long elapsed = System.nanoTime() - start;
    if (!object.hash().equals(expected) || object.size() != size) {
      throw new IllegalStateException("put stored " + object + ", sha256sum says " + expected);
    }
    return elapsed;
  }

  private long copyTo() {
    Path target = copies.resolve("copy.bin");
    delete(target);
    long start = System.nanoTime();
    store.copyTo(expected, target);
    long elapsed = System.nanoTime() - start;
    checkSize(target);
    delete(target);
    return elapsed;
  }

  private long verify() {
    long start = System.nanoTime();
    store.verify(expected);
    return System.nanoTime() - start;
  }

  private long javaSha256() {
    long start = System.nanoTime();
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[BUFFER];
      ByteBuffer wrapped = ByteBuffer.wrap(buffer);
      int n;
      while ((n = in.read(wrapped.clear())) >= 0) {
        digest.update(buffer, 0, n);
      }
      String hash = HexFormat.of().formatHex(digest.digest());
      long elapsed = System.nanoTime() - start;
      if (!hash.equals(expected)) {
        throw new IllegalStateException("Java SHA-256 " + hash + " vs sha256sum " + expected);
      }
      return elapsed;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private long copyAndFsync() {
    Path target = copies.resolve("plain.bin");
    delete(target);
    long start = System.nanoTime();
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
      while (in.read(buffer.clear()) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      out.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long elapsed = System.nanoTime() - start;
    checkSize(target);
    delete(target);
    return elapsed;
  }

  private void report() {
    System.out.printf(
        Locale.ROOT,
        "%n%-34s %10s %10s %10s  %s%n",
        "median of " + nanos.get("sha256sum").size() + " rounds",
        "seconds",
        "MB/s",
        "vs sha256sum",
        "all rounds (s)");
    double sha = median("sha256sum");
    for (String name : nanos.keySet()) {
      double seconds = median(name);
      System.out.printf(
          Locale.ROOT,
          "%-34s %10.3f %10.1f %9.0f%%  %s%n",
          name,
          seconds,
          size / 1e6 / seconds,
          100 * sha / seconds,
          nanos.get(name).stream().map(n -> String.format(Locale.ROOT, "%.2f", n / 1e9)).toList());
    }
    double put = median("put");
    double get = median("get (copyTo)");
    System.out.printf(
        Locale.ROOT,
        "%nput / sha256sum throughput: %.0f%% (target >= 70%%)%n"
            + "get / sha256sum throughput: %.0f%% (target >= 70%%)%n"
            + "put + get back to back: %.3f s for the file twice through the store,"
            + " %.0f%% of sha256sum's throughput (sha256sum %.3f s vs put+get %.3f s)%n",
        100 * sha / put,
        100 * sha / get,
        put + get,
        100 * sha / (put + get),
        sha,
        put + get);
  }

  private double median(String name) {
    List<Long> sorted = new ArrayList<>(nanos.get(name));
    sorted.sort(null);
    int n = sorted.size();
    double middle =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return middle / 1e9;
  }

  private void deleteObject() {
    if (expected != null) {
      delete(store.objectPath(expected));
    }
  }

  private void checkSize(Path target) {
    try {
      if (Files.size(target) != size) {
        throw new IllegalStateException(target + " has " + Files.size(target) + " bytes");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes dirty pages back, so one step's write-back is not billed to the next step. */
  private static void sync() {
    exec("sync");
  }

  private static String exec(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
