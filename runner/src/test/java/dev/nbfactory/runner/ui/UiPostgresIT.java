package dev.nbfactory.runner.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunQuery;
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

/**
 * The same pages of {@code factory ui} on a PostgreSQL registry, as a team shares one: runs sorted
 * by a metric, a failed run's traceback, compare, lineage, a schedule paused through its form. Runs
 * with {@code -Dfactory.test.postgres=URL} (bin/test starts a server); its own schema.
 */
class UiPostgresIT {
  private static final Pattern URL = Pattern.compile("factory ui at (http://\\S+?)/");
  private static final Pattern FORM = Pattern.compile("name=\"form\" value=\"([0-9a-f]+)\"");

  @TempDir Path dir;
  private String server;
  private String schema;
  private Map<String, String> env;
  private Process ui;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void registry() throws Exception {
    server = System.getenv("FACTORY_TEST_POSTGRES");
    assumeTrue(
        server != null && server.startsWith("jdbc:postgresql:"),
        "no -Dfactory.test.postgres=URL: the PostgreSQL pages need PostgreSQL");
    schema = "factory_it_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String url = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    Path objects = Files.createDirectories(dir.resolve("shared-objects"));
    env =
        Map.of(
            "FACTORY_REGISTRY",
            url,
            RegistryLocation.ENV_OBJECTS,
            objects.toString(),
            "FACTORY_HOME",
            UiIT.CHECKOUT.toString());
  }

  @AfterEach
  void drop() throws Exception {
    if (ui != null) {
      ui.destroy();
      ui.waitFor(20, TimeUnit.SECONDS);
    }
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(server);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private void factory(int expectedExit, String... args) throws Exception {
    var r = FactoryProcess.run(dir, env, args);
    String what = "factory " + String.join(" ", args) + ": " + r.stderr();
    if (expectedExit == 0) {
      assertThat(r.exitCode()).as(what).isZero();
    } else {
      assertThat(r.exitCode()).as(what).isNotZero();
    }
  }

  @Test
  void thePagesReadAndActOnAPostgresqlRegistry() throws Exception {
    for (String name : List.of("tune.ipynb", "hostile.ipynb")) {
      Files.copy(Path.of("src/test/resources/ui", name), dir.resolve(name));
    }
    factory(0, "run", "tune.ipynb", "-p", "alpha", "0.1");
    factory(0, "run", "tune.ipynb", "-p", "alpha", "0.3");
    factory(1, "run", "hostile.ipynb");
    factory(0, "promote", "tune.ipynb", "--cron", "0 6 * * *");
    List<Run> tunes;
    Run hostile;
    try (Registry registry =
        Registry.open(
            RegistryLocation.parse(env.get("FACTORY_REGISTRY"), env), Clock.systemUTC())) {
      tunes = registry.runs(RunQuery.all().withStage("tune").sortedBy(RunQuery.Sort.STARTED, true));
      hostile = registry.runs(RunQuery.all().withStage("hostile")).get(0);
    }
    String base = start();

    String sorted = page(base + "/runs?stage=tune&sort=metric:score&dir=desc&metrics=score");
    assertThat(sorted.indexOf(tunes.get(1).shortId()))
        .as("alpha 0.3 scores best and comes first")
        .isLessThan(sorted.indexOf(tunes.get(0).shortId()));
    assertThat(page(base + "/runs")).contains("hostile", "failed", "tune");
    String failed = page(base + "/runs/" + hostile.id());
    assertThat(failed)
        .contains("boom from the hostile stage", "An Exception was encountered at")
        .doesNotContain("<script>window.__pwned");
    assertThat(page(base + "/compare?run=" + tunes.get(0).id() + "&run=" + tunes.get(1).id()))
        .contains("alpha", "differs", "svg class=\"parallel\"");
    assertThat(page(base + "/lineage?ref=tune.ipynb%401")).contains("<svg", "tune");
    assertThat(page(base + "/metrics?stage=tune&metric=score")).contains("data:image/svg+xml");
    assertThat(page(base + "/artifact?name=tune.ipynb"))
        .contains("notebook", tunes.get(0).shortId());
    assertThat(page(base + "/search?q=TUN")).contains("/runs?stage=tune");
    assertThat(page(base + "/models")).contains("no models yet");

    String schedule = page(base + "/schedules/tune");
    assertThat(schedule).contains("0 0 6", "active");
    Matcher form = FORM.matcher(schedule);
    assertThat(form.find()).isTrue();
    HttpResponse<String> paused =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/schedules/tune/pause"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("form=" + form.group(1)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(paused.statusCode()).isEqualTo(302);
    assertThat(page(base + "/schedules")).contains("paused");
  }

  private String start() throws Exception {
    Path err = dir.resolve("ui.err");
    ui = FactoryProcess.builder(dir, env, "ui", "--port", "0").redirectError(err.toFile()).start();
    String line =
        new BufferedReader(new InputStreamReader(ui.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    assertThat(line).as(Files.readString(err)).isNotNull();
    Matcher m = URL.matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return m.group(1);
  }

  private String page(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s: %s", url, r.body()).isEqualTo(200);
    return r.body();
  }
}
