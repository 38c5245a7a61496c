package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.testing.TempRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  @ParameterizedTest
  @CsvSource({
    "password, true",
    "db_password, true",
    "DB_PASSWD, true",
    "client_secret, true",
    "GITHUB_TOKEN, true",
    "apiKey, true",
    "api_key, true",
    "aws_access_key, true",
    "credentials_file, true",
    "private_key, true",
    "epochs, false",
    "learning_rate, false",
    "tokenizer_lowercase, true",
    "pwd, true",
    "DB_PWD, true",
    "sslkey, true",
    "seed, false"
  })
  void namesLikeSecretsAreRecognised(String name, boolean secret) {
    assertThat(Secrets.looksSecret(name)).isEqualTo(secret);
  }

  @Test
  void secretValuesNeverReachTheDatabase() throws Exception {
    Registry registry = temp.get();
    Run run = registry.startRun(RunStart.builder("ingest").build());
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("db_password", "hunter2-PLAIN");
    params.put("api_key", "sk-LIVE-123456");
    params.put("warehouse_dsn", "dsn-MARKED-SECRET");
    params.put("rows", 100);
    registry.logParameters(run.id(), params, Set.of("warehouse_dsn"));
    registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);

    assertThat(registry.parameters(run.id()))
        .containsExactly(
            new Parameter("api_key", Secrets.MASK, true),
            new Parameter("db_password", Secrets.MASK, true),
            new Parameter("rows", "100", false),
            new Parameter("warehouse_dsn", Secrets.MASK, true));
    registry.close();

    // Every value in every table, read through the database itself.
    List<String> everything = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(temp.jdbcUrl());
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("run_params", "runs", "metrics");
      for (String table : tables) {
        // Table names come from the database's own catalogue.
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= columns; i++) {
              everything.add(String.valueOf(rs.getString(i)));
            }
          }
        }
      }
    }
    assertThat(everything).isNotEmpty().contains(Secrets.MASK, "100");
    assertThat(String.join("\n", everything))
        .doesNotContain("hunter2-PLAIN")
        .doesNotContain("sk-LIVE-123456")
        .doesNotContain("dsn-MARKED-SECRET");
    temp.reopen();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5432/factory?user=alice&password=s3cr3t&ssl=true | jdbc:postgresql://db:5432/factory?user=alice&password=********&ssl=true",
        "jdbc:postgresql://alice:s3cr3t@db/factory | jdbc:postgresql://alice:********@db/factory",
        "jdbc:postgresql://db/factory;password=s3cr3t | jdbc:postgresql://db/factory;password=********",
        "jdbc:sqlite:/tmp/x/registry.db | jdbc:sqlite:/tmp/x/registry.db",
        "cannot open jdbc:postgresql://db/f?password=s3cr3t: refused | cannot open jdbc:postgresql://db/f?password=******** refused",
        "jdbc:postgresql://db/f?sslmode=verify-full&sslpassword=s3cr3t&sslkey=/home/a/s3cr3t.pk8 | jdbc:postgresql://db/f?sslmode=verify-full&sslpassword=********&sslkey=********",
        "https://lineage.example/api?access_token=s3cr3t&ns=a | https://lineage.example/api?access_token=********&ns=a",
        "jdbc:postgresql://db/f?user=a&PWD=s3cr3t | jdbc:postgresql://db/f?user=a&PWD=********"
      })
  void jdbcUrlsAreShownWithoutTheirPassword(String url, String shown) {
    assertThat(Secrets.redactUrl(url)).isEqualTo(shown).doesNotContain("s3cr3t");
  }

  @Test
  void marksMakeANameSecretOrNotWhateverItLooksLike() {
    SecretMarks marks = new SecretMarks(Set.of("dsn"), Set.of("maxTokens"));

    assertThat(marks.isSecret("dsn")).isTrue();
    assertThat(marks.isSecret("maxTokens")).isFalse();
    assertThat(marks.isSecret("apiToken")).isTrue();
    assertThat(marks.isSecret("epochs")).isFalse();
    assertThat(SecretMarks.NONE.isSecret("maxTokens")).isTrue();
    assertThat(marks.plus(new SecretMarks(Set.of("maxTokens"), Set.of())).isSecret("maxTokens"))
        .isTrue();
    assertThat(
            Secrets.mask(Map.of("maxTokens", 200, "pwd", "x"), marks).values().stream()
                .map(Parameter::value))
        .containsExactlyInAnyOrder("200", Secrets.MASK);
    assertThatThrownBy(() -> new SecretMarks(Set.of("a"), Set.of("a")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'a' is marked both secret and not secret");
  }

  @Test
  void aReferenceNamesAnEnvironmentVariableAndIsReadFromIt() {
    assertThat(SecretReference.parse("env:API_TOKEN")).contains(new SecretReference("API_TOKEN"));
    assertThat(SecretReference.parse("env:")).isEmpty();
    assertThat(SecretReference.parse("s3cr3t")).isEmpty();
    assertThat(SecretReference.parse("env:A-B")).isEmpty();
    assertThat(SecretReference.suggestedFor("apiToken")).hasToString("env:API_TOKEN");
    assertThat(SecretReference.suggestedFor("db_password")).hasToString("env:DB_PASSWORD");
    assertThat(new SecretReference("T").resolve("apiToken", Map.of("T", "v"))).isEqualTo("v");
    assertThatThrownBy(() -> new SecretReference("T").resolve("apiToken", Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "the secret parameter apiToken is env:T, but the environment variable T is not set");
  }

  @Test
  void aFailedConnectionNeverLogsOrThrowsThePassword() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String message;
    try {
      // Nothing listens on port 1: the connection fails, and the error must not carry the password.
      message =
          org.assertj.core.api.Assertions.catchThrowable(
                  () ->
                      Registry.open(
                          "jdbc:postgresql://127.0.0.1:1/factory?user=alice&password=s3cr3t-pw&connectTimeout=1"))
              .getMessage();
    } finally {
      System.setErr(original);
    }
    assertThat(message).contains("password=********").doesNotContain("s3cr3t-pw");
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("s3cr3t-pw");
  }
}
