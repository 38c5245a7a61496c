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
 * A fresh registry for each test, closed and deleted after it. Use with {@code @RegisterExtension
 * TempRegistry registry = new TempRegistry();}. Embedded SQLite in a temp folder by default; when
 * {@code FACTORY_TEST_POSTGRES} holds a PostgreSQL JDBC URL of a server where the user may create
 * databases, each test gets a fresh database there instead, through the same code.
 */
public final class TempRegistry implements BeforeEachCallback, AfterEachCallback {
  private Path dir;
  private Registry registry;
  private RegistryLocation location;
  private PostgresDatabases.Database postgres;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("factory-test-");
    String server = System.getenv("FACTORY_TEST_POSTGRES");
    if (server != null && !server.isBlank()) {
      postgres = PostgresDatabases.create(server);
      location = new RegistryLocation(postgres.url(), dir.resolve(".factory/objects"), null);
    } else {
      location = RegistryLocation.ofFolder(dir.resolve(".factory"));
    }
    registry = Registry.open(location, Clock.systemUTC());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (registry != null) {
      registry.close();
    }
    if (postgres != null) {
      postgres.drop();
    }
    deleteRecursively(dir);
  }

  /** The JDBC URL of this test's registry database, for checks made around the registry. */
  public String jdbcUrl() {
    return location.jdbcUrl();
  }

  /** True when this test runs against PostgreSQL rather than SQLite. */
  public boolean isPostgres() {
    return postgres != null;
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
    registry = Registry.open(location, Clock.systemUTC());
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
