package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registries written by earlier releases must still open and migrate forward. Each release's file
 * is kept in {@code src/test/resources/golden/} and never changed; {@link #main} writes a new one
 * for the current schema.
 */
class GoldenRegistryTest {
  static final String SCHEMA_1 = "/golden/registry-schema-1.db";

  @TempDir Path dir;

  @Test
  void aSchema1RegistryOpensMigratesAndKeepsItsRecords() throws Exception {
    Path folder = Files.createDirectories(dir.resolve(".factory"));
    try (InputStream in = GoldenRegistryTest.class.getResourceAsStream(SCHEMA_1)) {
      assertThat(in).as("golden file %s", SCHEMA_1).isNotNull();
      Files.copy(in, folder.resolve("registry.db"));
    }
    try (Registry registry = Registry.open(RegistryLocation.ofFolder(folder), Clock.systemUTC())) {
      assertThat(registry.appliedMigrations())
          .containsExactlyElementsOf(
              java.util.stream.IntStream.rangeClosed(2, Migrations.latestVersion())
                  .boxed()
                  .toList());
      Run run = registry.runs(RunQuery.all().withStage("train")).get(0);
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(run.startedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
      RunRecord record = registry.record(run.id());
      assertThat(record.parameters())
          .containsExactly(
              new Parameter("db_password", Secrets.MASK, true),
              new Parameter("epochs", "10", false));
      assertThat(record.inputs()).extracting(ArtifactVersion::ref).containsExactly("raw@1");
      assertThat(record.outputs()).extracting(ArtifactVersion::ref).containsExactly("model@1");
      assertThat(registry.resolve("model@production").version()).isEqualTo(1);
      assertThat(registry.upstream("model", 5).versions()).hasSize(2);
      // schema 11 filled the latest metric values from the metrics already logged
      assertThat(registry.queries().latestMetrics(List.of(run.id())))
          .containsExactly(Map.entry(run.id(), Map.of("accuracy", 0.9)));
      assertThat(registry.runs(RunQuery.all().sortedByMetric("accuracy", false)))
          .containsExactly(run);
      // The migrated registry takes new records.
      Run next = registry.startRun(RunStart.builder("train").build());
      registry.finishRun(next.id(), RunStatus.SUCCEEDED, null);
      assertThat(registry.stageHistory("train")).hasSize(2);
    }
  }

  /**
   * Writes the golden file for the current schema: {@code registry-schema-N.db} in {@code args[0]}.
   */
  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("golden-");
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), java.time.ZoneOffset.UTC);
    Path db = work.resolve(".factory/registry.db");
    try (Registry registry =
        Registry.open(RegistryLocation.ofFolder(work.resolve(".factory")), clock)) {
      registry.putOutput(null, "raw", ArtifactKind.DATASET, "text/csv", "a,b\n1,2\n".getBytes());
      Run run =
          registry.startRun(
              RunStart.builder("train")
                  .kind(RunKind.HEADLESS)
                  .host("golden")
                  .user("golden")
                  .javaVersion("17")
                  .build());
      registry.logParameters(run.id(), Map.of("epochs", 10, "db_password", "not-stored"), Set.of());
      registry.logInput(run.id(), "raw");
      registry.putOutput(
          run.id(), "model", ArtifactKind.MODEL, "application/octet-stream", "m".getBytes());
      registry.logMetric(run.id(), "accuracy", 0.9, 0);
      registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);
      registry.setAlias("model@1", "production", "golden");
    }
    Path out = Path.of(args[0]).resolve("registry-schema-" + Migrations.latestVersion() + ".db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      // VACUUM INTO makes one self-contained file, WAL included.
      s.execute("VACUUM INTO '" + out.toAbsolutePath() + "'");
    }
  }
}
