package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nbfactory.runner.execute.FactoryProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The example factory on several machines: a PostgreSQL registry and artifacts in S3 (S3Proxy on
 * loopback). One machine runs the six stages; another, with its own HOME and nothing shared but the
 * two servers, finds every stage up to date and verifies every object. Neither keeps an artifact on
 * its own disk. Skips without both servers on a developer's machine, fails under CI.
 */
class PostgresS3FactoryIT {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration TIMEOUT = Duration.ofMinutes(8);

  @TempDir Path dir;
  private String server;
  private String schema;
  private String s3;
  private Map<String, String> env;
  private static final String BUCKET = "factory-it";

  private S3Client client() {
    return S3Client.builder()
        .endpointOverride(URI.create(s3))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("factory-test", "factory-test-secret")))
        .build();
  }

  @BeforeEach
  void servers() throws Exception {
    server = System.getenv("FACTORY_TEST_POSTGRES");
    String s3 = System.getenv("FACTORY_TEST_S3");
    boolean ready =
        server != null && server.startsWith("jdbc:postgresql:") && s3 != null && !s3.isBlank();
    String why =
        "needs -Dfactory.test.postgres=URL and -Dfactory.test.s3=URL (bin/test starts both)";
    if (!ready && System.getenv("CI") != null) {
      fail(why);
    }
    assumeTrue(ready, why);
    schema = "factory_it_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    this.s3 = s3;
    try (S3Client client = client()) {
      if (client.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(BUCKET))) {
        client.createBucket(b -> b.bucket(BUCKET));
      }
    }
    env = new HashMap<>();
    env.put("FACTORY_HOME", CHECKOUT.toString());
    env.put(
        "FACTORY_REGISTRY",
        server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    env.put("FACTORY_OBJECTS", "s3://" + BUCKET + "/" + schema);
    env.put("AWS_ENDPOINT_URL", s3);
    env.put("AWS_ACCESS_KEY_ID", "factory-test");
    env.put("AWS_SECRET_ACCESS_KEY", "factory-test-secret");
    env.put("AWS_REGION", "us-east-1");
  }

  @AfterEach
  void drop() throws Exception {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(server);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private Map<String, String> machine(String name) throws Exception {
    Map<String, String> machine = new HashMap<>(env);
    // Each machine its own read cache (stage JVMs inherit it).
    machine.put("FACTORY_OBJECTS_CACHE", Files.createDirectories(dir.resolve(name)).toString());
    return machine;
  }

  @Test
  void oneMachineRunsTheFactoryAndAnotherFindsItUpToDateAndVerified() throws Exception {
    Map<String, String> first = machine("first");
    var run =
        FactoryProcess.run(
            dir,
            first,
            TIMEOUT,
            "pipeline",
            "run",
            CHECKOUT.resolve("notebooks").toString(),
            "--output-dir",
            "first-out");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stderr()).contains("6 ran, 0 up to date, 0 failed");

    Map<String, String> second = machine("second");
    var again =
        FactoryProcess.run(
            dir,
            second,
            TIMEOUT,
            "pipeline",
            "run",
            CHECKOUT.resolve("notebooks").toString(),
            "--output-dir",
            "second-out");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    assertThat(again.stderr()).contains("0 ran, 6 up to date");

    var verify = FactoryProcess.run(dir, second, TIMEOUT, "verify");
    assertThat(verify.exitCode()).as(verify.stdout() + verify.stderr()).isZero();
    var lineage = FactoryProcess.run(dir, second, TIMEOUT, "lineage", "cancer-model@1");
    assertThat(lineage.exitCode()).as(lineage.stderr()).isZero();
    assertThat(lineage.stdout()).contains("cancer-train@1");
    // The bytes are in S3, under the prefix FACTORY_OBJECTS names.
    try (S3Client client = client()) {
      assertThat(
              client.listObjectsV2(b -> b.bucket(BUCKET).prefix(schema + "/")).contents().stream()
                  .filter(o -> o.key().matches(".*/[0-9a-f]{2}/[0-9a-f]{62}")))
          .hasSizeGreaterThan(6);
    }
    assertThat(run.stdout() + run.stderr() + verify.stdout()).doesNotContain("factory-test-secret");
  }
}
