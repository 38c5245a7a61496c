package dev.nbfactory.runner.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.JoinedPrediction;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.runner.execute.FactoryProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Two {@code factory serve} replicas on one PostgreSQL registry, as a team runs them behind a load
 * balancer: an outcome may reach the replica that did not answer, or both, and is joined once; an
 * alias moved from a third process is followed by both. Runs with {@code
 * -Dfactory.test.postgres=URL} (bin/test starts a server); each test gets its own schema.
 */
class ServeReplicasIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern URL = Pattern.compile("at (http://\\S+)/invocations");

  @TempDir Path dir;
  private String server;
  private String schema;
  private Map<String, String> env;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> replicas = new ArrayList<>();
  private Table cancer;

  @BeforeEach
  void registry() throws Exception {
    server = System.getenv("FACTORY_TEST_POSTGRES");
    assumeTrue(
        server != null && server.startsWith("jdbc:postgresql:"),
        "no -Dfactory.test.postgres=URL: the replica tests need PostgreSQL");
    schema = "factory_it_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    Path objects = Files.createDirectories(dir.resolve("shared-objects"));
    env = Map.of("FACTORY_REGISTRY", url, RegistryLocation.ENV_OBJECTS, objects.toString());
    cancer = CancerModels.data();
    try (Registry registry = open()) {
      CancerModels.train(registry, cancer, true);
    }
  }

  private Registry open() {
    return Registry.open(
        RegistryLocation.parse(env.get("FACTORY_REGISTRY"), env), Clock.systemUTC());
  }

  @AfterEach
  void drop() throws Exception {
    for (Process p : replicas) {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(server);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  /** Starts a replica; returns its base URL. */
  private String replica(String name) throws Exception {
    Path err = dir.resolve(name + ".err");
    Process p =
        FactoryProcess.builder(
                dir,
                env,
                "serve",
                "cancer-model@production",
                "--port",
                "0",
                "--follow-every",
                "200ms")
            .redirectError(err.toFile())
            .start();
    replicas.add(p);
    String line =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    assertThat(line).as(Files.readString(err)).isNotNull();
    Matcher m = URL.matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return m.group(1);
  }

  private JsonNode post(String base, String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private String predict(String base, int row) throws Exception {
    StringBuilder columns = new StringBuilder();
    StringBuilder values = new StringBuilder();
    for (String column : cancer.columnNames()) {
      if (!column.equals("diagnosis")) {
        columns.append(columns.length() > 0 ? ", " : "").append('"').append(column).append('"');
        values
            .append(values.length() > 0 ? ", " : "")
            .append(cancer.numberColumn(column).getDouble(row));
      }
    }
    JsonNode answer =
        post(
            base,
            "/invocations",
            "{\"dataframe_split\": {\"columns\": ["
                + columns
                + "], \"data\": [["
                + values
                + "]]}}");
    return answer.get("predictions").get(0).get("prediction_id").asText();
  }

  private static String outcome(String id, String actual) {
    return "{\"prediction_id\": \"" + id + "\", \"actual\": \"" + actual + "\"}";
  }

  @Test
  void anOutcomeSentToTheOtherReplicaOrToBothIsJoinedOnceAndBothFollowTheAlias() throws Exception {
    String a = replica("a");
    String b = replica("b");
    String first = predict(a, 0);
    String second = predict(b, 19);

    JsonNode atB = post(b, "/feedback", "[" + outcome(first, "malignant") + "]");
    JsonNode atA = post(a, "/feedback", "[" + outcome(second, "benign") + "]");
    // a client's retry that reaches the other replica, and a late, different answer
    JsonNode retry =
        post(
            a,
            "/feedback",
            "[" + outcome(first, "malignant") + ", " + outcome(second, "malignant") + "]");

    assertThat(atB.get("accepted").asInt()).isEqualTo(1);
    assertThat(atA.get("accepted").asInt()).isEqualTo(1);
    assertThat(retry.get("accepted").asInt()).isEqualTo(1);
    assertThat(retry.get("ignored").get(0).get("message").asText())
        .contains("already has the outcome 'benign'");
    try (Registry registry = open()) {
      List<JoinedPrediction> joined =
          registry
              .predictions()
              .joined("cancer-model", PredictionRecord.Role.PRODUCTION, Instant.EPOCH, 10);
      assertThat(joined)
          .extracting(j -> j.prediction().id() + "=" + j.actual())
          .containsExactlyInAnyOrder(first + "=malignant", second + "=benign");
    }

    var moved = FactoryProcess.run(dir, env, "alias", "set", "cancer-model@2", "production");
    assertThat(moved.exitCode()).as(moved.stderr()).isZero();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    List<String> versions = List.of();
    while (System.nanoTime() < deadline) {
      versions = List.of(version(a), version(b));
      if (versions.equals(List.of("2", "2"))) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(versions).as("both replicas serve cancer-model@2 within 2 s").containsOnly("2");
  }

  private String version(String base) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/version")).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).get("version").asText();
  }
}
