package dev.nbfactory.registry.testing;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh embedded registry in a temp folder for each test, closed and deleted after it. Use with
 * {@code @RegisterExtension TempRegistry registry = new TempRegistry();}.
 */
public final class TempRegistry implements BeforeEachCallback, AfterEachCallback {
  private Path dir;
  private Registry registry;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("factory-test-");
    registry = Registry.open(RegistryLocation.ofFolder(dir.resolve(".factory")), Clock.systemUTC());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (registry != null) {
      registry.close();
    }
    deleteRecursively(dir);
  }

  public Registry get() {
    return registry;
  }

  /** The folder that holds {@code .factory/}: a project folder. */
  public Path projectDir() {
    return dir;
  }

  /** The {@code .factory} folder itself. */
  public Path folder() {
    return dir.resolve(".factory");
  }

  /** Closes and reopens the registry, as a new process would see it. */
  public Registry reopen() {
    registry.close();
    registry = Registry.open(RegistryLocation.ofFolder(folder()), Clock.systemUTC());
    return registry;
  }

  public static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(TempRegistry::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
