package dev.nbfactory.bench;

import dev.nbfactory.registry.ArtifactStore;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/** Folders, registries and fake content hashes shared by the benchmarks. */
final class BenchFiles {
  /** Where benchmarks put their registries: {@code -Dnbf.bench.dir=...}, else the temp dir. */
  static final String DIR_PROPERTY = "nbf.bench.dir";

  private BenchFiles() {}

  static Path baseDir() {
    String configured = System.getProperty(DIR_PROPERTY);
    Path base =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("java.io.tmpdir"), "nbfactory-bench");
    try {
      return Files.createDirectories(base.toAbsolutePath().normalize());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + base, e);
    }
  }

  static Path freshDir(String prefix) {
    try {
      return Files.createTempDirectory(baseDir(), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's data file {@code name}: {@code data/NAME} at or above the working folder. */
  static Path data(String name) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("data").resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IllegalStateException(
        "no data/"
            + name
            + " at or above "
            + Path.of("").toAbsolutePath()
            + ": run from the repository");
  }

  /** An embedded registry in {@code folder} (created if missing), as notebooks open one. */
  static Registry open(Path folder) {
    return Registry.open(RegistryLocation.ofFolder(folder), Clock.systemUTC());
  }

  /**
   * Stores the bytes of {@code seed} and returns their hash: distinct content for each seed, so
   * each output is a new version. The registry only records versions whose bytes are stored.
   */
  static String stored(ArtifactStore store, String seed) {
    return store.put(seed.getBytes(StandardCharsets.UTF_8)).hash();
  }

  /** The hash {@link #stored} returns for {@code seed}, without storing anything. */
  static String seedHash(String seed) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
