package dev.nbfactory.runner.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.magics.helpers.Datasets;
import dev.nbfactory.registry.JoinedPrediction;
import dev.nbfactory.registry.PredictionRecord;
import dev.nbfactory.registry.PredictionRecord.Role;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import tech.tablesaw.api.Table;

/**
 * {@code factory serve} as a real process on a real port, asked by a real HTTP client: MLflow's
 * four JSON forms and CSV, its error shapes (400, 413, 415, 401), the alias followed under load
 * with no failed request, and the serving run it leaves in the registry.
 */
class ServeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern URL = Pattern.compile("at (http://\\S+)/invocations");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process server;
  private String base;
  private Table cancer;

  @BeforeEach
  void twoModels() throws Exception {
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    cancer = CancerModels.data();
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      CancerModels.train(registry, cancer, true);
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null && server.isAlive()) {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private void serve(Map<String, String> env, String... extra) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("serve", "cancer-model@production", "--port", "0", "--follow-every", "200ms"));
    args.addAll(List.of(extra));
    server =
        FactoryProcess.builder(dir, env, args.toArray(String[]::new))
            .redirectError(dir.resolve("serve.err").toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as(Files.readString(dir.resolve("serve.err"))).isNotNull();
    Matcher m = URL.matcher(line);
    assertThat(m.find()).as(line).isTrue();
    base = m.group(1);
  }

  private HttpResponse<String> post(String type, String body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/invocations"))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The production predictions joined to an outcome, as {@code id=actual}. */
  private List<String> joined() {
    return joined(Role.PRODUCTION).stream()
        .map(j -> j.prediction().id() + "=" + j.actual())
        .toList();
  }

  private List<JoinedPrediction> joined(Role role) {
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      return registry.predictions().joined("cancer-model", role, java.time.Instant.EPOCH, 10);
    }
  }

  private HttpResponse<String> sendFeedback(String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/feedback"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private String record(int row) {
    StringBuilder json = new StringBuilder("{");
    for (String column : cancer.columnNames()) {
      if (!column.equals("diagnosis")) {
        json.append(json.length() > 1 ? ", " : "")
            .append('"')
            .append(column)
            .append("\": ")
            .append(cancer.numberColumn(column).getDouble(row));
      }
    }
    return json.append('}').toString();
  }

  @Test
  void mlflowsFourJsonFormsAndCsvAreAnsweredAndBadRequestsGetItsErrorShape() throws Exception {
    serve(Map.of(), "--max-body", "20000");
    List<String> features =
        cancer.columnNames().stream().filter(c -> !c.equals("diagnosis")).toList();
    String values =
        String.join(
            ", ", features.stream().map(f -> "" + cancer.numberColumn(f).getDouble(0)).toList());
    String columns = String.join(", ", features.stream().map(f -> '"' + f + '"').toList());
    String columnar =
        "{"
            + String.join(
                ", ",
                features.stream()
                    .map(f -> '"' + f + "\": [" + cancer.numberColumn(f).getDouble(0) + "]")
                    .toList())
            + "}";
    Map<String, String> bodies =
        Map.of(
            "dataframe_split",
            "{\"dataframe_split\": {\"columns\": [" + columns + "], \"data\": [[" + values + "]]}}",
            "dataframe_records",
            "{\"dataframe_records\": [" + record(0) + ", " + record(1) + "]}",
            "instances",
            "{\"instances\": [" + record(0) + "], \"params\": {}}",
            "inputs records",
            "{\"inputs\": [" + record(0) + "]}",
            "inputs columns",
            "{\"inputs\": " + columnar + "}");
    Set<String> ids = ConcurrentHashMap.newKeySet();
    for (var e : bodies.entrySet()) {
      HttpResponse<String> r = post("application/json", e.getValue());
      assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(200);
      JsonNode first = JSON.readTree(r.body()).get("predictions").get(0);
      assertThat(first.get("prediction").asText()).as(e.getKey()).isEqualTo("malignant");
      assertThat(first.get("scores").get("malignant").asDouble()).isGreaterThan(0.5);
      assertThat(first.get("model_version").asInt()).isEqualTo(1);
      JSON.readTree(r.body())
          .get("predictions")
          .forEach(p -> ids.add(p.get("prediction_id").asText()));
    }
    assertThat(ids).hasSize(6); // every row its own id
    // each answer was logged before it was sent, with the features it was given
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      List<dev.nbfactory.registry.PredictionRecord> logged =
          registry.predictions().unsealed("cancer-model", 100);
      assertThat(logged).extracting(dev.nbfactory.registry.PredictionRecord::id).containsAll(ids);
      // every body holds row 0; rows of one request share a time, so the log's order among
      // them is their random ids'
      assertThat(logged)
          .filteredOn(p -> p.features().contains("\"mean_radius\":17.99"))
          .hasSize(5)
          .allSatisfy(p -> assertThat(p.output()).isEqualTo("malignant"));
    }
    String csv = String.join(",", features) + "\n" + values.replace(", ", ",") + "\n";
    HttpResponse<String> fromCsv = post("text/csv; charset=utf-8", csv);
    assertThat(fromCsv.statusCode()).as(fromCsv.body()).isEqualTo(200);
    assertThat(fromCsv.body()).contains("\"prediction\":\"malignant\"");

    Map<String, String> refused =
        Map.of(
            "{\"dataframe_records\": [",
            "the body is not valid JSON",
            "{\"instances\": [], \"inputs\": []}",
            "exactly one of the fields",
            "{\"dataframe_records\": [{\"mean_radius\": \"large\"}]}",
            "field 'mean_radius' must be a number",
            "{\"dataframe_records\": [{\"mean_radius\": 17.9}]}",
            "lacks 29 features the model was trained on",
            "{\"dataframe_records\": [{\"mean_radius\": 17.9}, {\"mean_radius\": true}]}",
            "field 'mean_radius' mixes booleans and numbers");
    for (var e : refused.entrySet()) {
      HttpResponse<String> r = post("application/json", e.getKey());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      JsonNode error = JSON.readTree(r.body());
      assertThat(error.get("error_code").asText()).isEqualTo("BAD_REQUEST");
      assertThat(error.get("message").asText()).contains(e.getValue());
    }
    HttpResponse<String> large =
        post(
            "application/json",
            "{\"dataframe_records\": [" + (record(0) + ",").repeat(60) + record(1) + "]}");
    assertThat(large.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(large.body()).get("error_code").asText()).isEqualTo("BAD_REQUEST");
    HttpResponse<String> plain = post("text/plain", "x");
    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(plain.body()).contains("application/json or text/csv");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/ping")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/version")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .contains("\"model\":\"cancer-model\"", "\"version\":1");
  }

  /**
   * The alias moves from another process while a client keeps asking: the new version answers
   * within 2 s and not one request fails; SIGTERM ends the serving run, which names both versions.
   */
  @Test
  void theServerFollowsTheAliasUnderLoadWithoutAFailedRequest() throws Exception {
    serve(Map.of());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    Set<Integer> versions = ConcurrentHashMap.newKeySet();
    String body = "{\"dataframe_records\": [" + record(3) + "]}";
    Thread load =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  HttpResponse<String> r = post("application/json", body);
                  if (r.statusCode() == 200) {
                    ok.incrementAndGet();
                    versions.add(
                        JSON.readTree(r.body())
                            .get("predictions")
                            .get(0)
                            .get("model_version")
                            .asInt());
                  } else {
                    failed.incrementAndGet();
                  }
                } catch (Exception e) {
                  failed.incrementAndGet();
                }
              }
            });
    load.start();
    Thread.sleep(500);
    var moved = FactoryProcess.run(dir, "alias", "set", "cancer-model@2", "production");
    assertThat(moved.exitCode()).as(moved.stderr()).isZero();
    long movedAt = System.nanoTime();
    while (!versions.contains(2)
        && System.nanoTime() - movedAt < Duration.ofSeconds(10).toNanos()) {
      Thread.sleep(20);
    }
    long switchMs = (System.nanoTime() - movedAt) / 1_000_000;
    Thread.sleep(300);
    running.set(false);
    load.join();

    assertThat(versions).containsExactlyInAnyOrder(1, 2);
    assertThat(switchMs).isLessThan(2000);
    assertThat(failed.get()).isZero();
    assertThat(ok.get()).isGreaterThan(20);

    server.destroy(); // SIGTERM
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      Run run = registry.runs(RunQuery.all().withKind(RunKind.SERVING)).get(0);
      assertThat(run.stage()).isEqualTo("serve");
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(registry.inputs(run.id()))
          .extracting(v -> v.ref())
          .containsExactly("cancer-model@1", "cancer-model@2");
    }
  }

  /** Outcomes come back by prediction id; an unknown id is named and the rest still land. */
  @Test
  void outcomesAreJoinedToTheirPredictionsInTheRegistry() throws Exception {
    serve(Map.of());
    JsonNode answers =
        JSON.readTree(
                post(
                        "application/json",
                        "{\"dataframe_records\": [" + record(0) + ", " + record(19) + "]}")
                    .body())
            .get("predictions");
    String first = answers.get(0).get("prediction_id").asText();
    String second = answers.get(1).get("prediction_id").asText();

    HttpResponse<String> r =
        sendFeedback(
            "[{\"prediction_id\": \""
                + first
                + "\", \"actual\": \"malignant\"}, {\"prediction_id\": \"nope\","
                + " \"actual\": \"benign\"}, {\"prediction_id\": \""
                + second
                + "\", \"actual\": \"benign\"}]");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode result = JSON.readTree(r.body());
    assertThat(result.get("accepted").asInt()).isEqualTo(2);
    assertThat(result.get("unknown").get(0).get("message").asText())
        .contains("no prediction 'nope'");
    assertThat(joined()).containsExactlyInAnyOrder(first + "=malignant", second + "=benign");
  }

  /**
   * The serving run records the live figures of the version it serves: accuracy over the outcomes
   * that came back, the share of each class, as step metrics; and says once why drift is not
   * measured when the model's training run read no dataset.
   */
  @Test
  void theServingRunRecordsLiveAccuracyAndClassShares() throws Exception {
    serve(Map.of(), "--watch-every", "200ms");
    StringBuilder rows = new StringBuilder();
    for (int r = 0; r < 20; r++) {
      rows.append(r > 0 ? ", " : "").append(record(r));
    }
    JsonNode answers =
        JSON.readTree(post("application/json", "{\"dataframe_records\": [" + rows + "]}").body())
            .get("predictions");
    StringBuilder outcomes = new StringBuilder("[");
    int right = 0;
    int malignant = 0;
    for (int r = 0; r < 20; r++) {
      String predicted = answers.get(r).get("prediction").asText();
      malignant += predicted.equals("malignant") ? 1 : 0;
      if (r < 10) {
        String actual = cancer.stringColumn("diagnosis").get(r);
        right += predicted.equals(actual) ? 1 : 0;
        outcomes
            .append(r > 0 ? ", " : "")
            .append("{\"prediction_id\": \"")
            .append(answers.get(r).get("prediction_id").asText())
            .append("\", \"actual\": \"")
            .append(actual)
            .append("\"}");
      }
    }
    HttpResponse<String> sent = sendFeedback(outcomes.append(']').toString());
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
    awaitMetric("live_accuracy"); // recorded by the watch while it serves
    server.destroy();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      Run run = registry.runs(RunQuery.all().withStage("serve")).get(0);
      Map<String, dev.nbfactory.registry.Metric> last =
          dev.nbfactory.registry.Metric.last(registry.metrics(run.id()));
      assertThat(last.get("live_outcomes").value()).isEqualTo(10.0);
      assertThat(last.get("live_predictions").value()).isEqualTo(20.0);
      assertThat(last.get("live_accuracy").value()).isEqualTo(right / 10.0);
      assertThat(last.get("class_share.malignant").value()).isEqualTo(malignant / 20.0);
      assertThat(last).doesNotContainKey("psi_max");
    }
    assertThat(Files.readString(dir.resolve("serve.err")))
        .containsOnlyOnce(
            "drift of cancer-model@1 is not measured: its producing run read no dataset with its"
                + " features");
    var plot =
        FactoryProcess.run(
            dir, "runs", "--stage", "serve", "--plot", "live_accuracy", "--output", "live.svg");
    assertThat(plot.exitCode()).as(plot.stderr()).isZero();
    assertThat(plot.stdout()).contains("live_accuracy of stage serve over time, 1 runs");
    assertThat(Files.readString(dir.resolve("live.svg"))).startsWith("<?xml");
  }

  private void awaitMetric(String key) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
        Run run = registry.runs(RunQuery.all().withStage("serve")).get(0);
        if (registry.metrics(run.id()).stream().anyMatch(m -> m.key().equals(key))) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the serving run recorded no " + key + " within 10 s");
  }

  /**
   * A clean stop seals the log: cancer-model.predictions holds every decision with its features and
   * scores, cancer-model.feedback the ones with an outcome under the model's target column, both
   * outputs of the serving run, read back as tables as a notebook reads them.
   */
  @Test
  void aCleanStopSealsTheLogIntoDatasetVersionsOfTheServingRun() throws Exception {
    serve(Map.of());
    JsonNode answers =
        JSON.readTree(
                post(
                        "application/json",
                        "{\"dataframe_records\": ["
                            + record(0)
                            + ", "
                            + record(19)
                            + ", "
                            + record(20)
                            + "]}")
                    .body())
            .get("predictions");
    String first = answers.get(0).get("prediction_id").asText();
    String third = answers.get(2).get("prediction_id").asText();
    HttpResponse<String> feedback =
        sendFeedback(
            "[{\"prediction_id\": \""
                + first
                + "\", \"actual\": \"malignant\"}, {\"prediction_id\": \""
                + third
                + "\", \"actual\": \"benign\"}]");
    assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(200);

    server.destroy(); // SIGTERM
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();

    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      Run run = registry.runs(RunQuery.all().withKind(RunKind.SERVING)).get(0);
      assertThat(registry.outputs(run.id()))
          .extracting(v -> v.ref())
          .containsExactlyInAnyOrder("cancer-model.predictions@1", "cancer-model.feedback@1");
      assertThat(registry.upstream("cancer-model.feedback@1", 2).versions())
          .extracting(v -> v.ref())
          .contains("cancer-model@1");
      assertThat(registry.predictions().unsealed("cancer-model", 10)).isEmpty();

      FactorySession session =
          new FactorySession(NotebookContext.builder().registry(registry).build());
      session.stage("retrain");
      Table predictions = session.table("cancer-model.predictions");
      assertThat(predictions.rowCount()).isEqualTo(3);
      assertThat(predictions.stringColumn("prediction_id").asList())
          .containsExactlyInAnyOrder(first, answers.get(1).get("prediction_id").asText(), third);
      assertThat(predictions.columnNames())
          .startsWith("prediction_id", "request_id", "role", "model_version", "made_at", "output")
          .contains("p_malignant", "p_benign", "mean_radius");
      assertThat(predictions.stringColumn("role").unique().asList()).containsExactly("production");
      assertThat(predictions.doubleColumn("mean_radius").asList())
          .containsExactlyInAnyOrder(
              cancer.numberColumn("mean_radius").getDouble(0),
              cancer.numberColumn("mean_radius").getDouble(19),
              cancer.numberColumn("mean_radius").getDouble(20));

      Table outcomes = session.table("cancer-model.feedback");
      assertThat(outcomes.rowCount()).isEqualTo(2);
      assertThat(outcomes.columnNames())
          .startsWith("prediction_id", "model_version", "predicted", "received_at")
          .endsWith("diagnosis")
          .doesNotContain("actual");
      Table byId = outcomes.sortAscendingOn("prediction_id");
      assertThat(byId.stringColumn("diagnosis").asList())
          .containsExactlyElementsOf(
              first.compareTo(third) < 0
                  ? List.of("malignant", "benign")
                  : List.of("benign", "malignant"));
      // labelled rows the next training reads as it read the first
      Table labelled =
          outcomes.removeColumns("prediction_id", "model_version", "predicted", "received_at");
      assertThat(Datasets.classification(labelled, "diagnosis").size()).isEqualTo(2);
      session.finish();
    }
  }

  /** After a kill -9 (no last seal), factory seal seals what waits under a run of its own. */
  @Test
  void factorySealSealsWhatAKilledServerLeft() throws Exception {
    serve(Map.of());
    post("application/json", "{\"dataframe_records\": [" + record(0) + ", " + record(1) + "]}");
    server.destroyForcibly();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

    var sealed = FactoryProcess.run(dir, "seal", "cancer-model");
    var again = FactoryProcess.run(dir, "seal", "cancer-model");

    assertThat(sealed.exitCode()).as(sealed.stderr()).isZero();
    assertThat(sealed.stdout()).contains("sealed cancer-model.predictions@1 (2 rows)");
    assertThat(again.stdout()).contains("nothing of cancer-model's prediction log waits");
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      Run run = registry.stageHistory("seal").get(1);
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(registry.outputs(run.id()))
          .extracting(v -> v.ref())
          .containsExactly("cancer-model.predictions@1");
      assertThat(registry.inputs(run.id()))
          .extracting(v -> v.ref())
          .containsExactly("cancer-model@1");
    }
  }

  /**
   * A shadow following its alias and one pinned to a version score every request beside production:
   * their rows are logged with role shadow in the same commit, join the outcome sent for
   * production's id, and never reach the client. A shadow that cannot score a request (it needs a
   * field the clients do not send) is said once and never fails the answer.
   */
  @Test
  void shadowsAreLoggedAndJoinedToProductionsOutcomesButNeverAnswered() throws Exception {
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      registry.setAlias("cancer-model@2", "challenger", "test");
      FactorySession session =
          new FactorySession(NotebookContext.builder().registry(registry).build());
      session.stage("train-wider");
      Table wider = cancer.copy();
      wider.addColumns(cancer.numberColumn("mean_radius").multiply(2).setName("clinic_score"));
      session.output(
          "wider-model",
          new LogisticRegressionTrainer().train(Datasets.classification(wider, "diagnosis")));
      session.finish();
    }
    serve(Map.of(), "--shadow", "cancer-model@challenger", "--shadow", "wider-model@1");
    String body = "{\"dataframe_records\": [" + record(0) + ", " + record(19) + "]}";
    HttpResponse<String> r = post("application/json", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answers = JSON.readTree(r.body()).get("predictions");
    assertThat(answers).hasSize(2);
    for (JsonNode answer : answers) {
      assertThat(answer.get("model_version").asInt()).isEqualTo(1);
      assertThat(answer.fieldNames())
          .toIterable()
          .containsExactly("prediction", "scores", "prediction_id", "model_version");
    }
    assertThat(r.body()).doesNotContain("shadow", "wider");
    String first = answers.get(0).get("prediction_id").asText();
    assertThat(post("application/json", body).statusCode()).isEqualTo(200);
    assertThat(get("/version")).contains("\"shadows\":[{\"model\":\"cancer-model\",\"version\":2}");

    // the challenger alias moves: the shadow follows it as production follows its own
    var moved = FactoryProcess.run(dir, "alias", "set", "cancer-model@1", "challenger");
    assertThat(moved.exitCode()).as(moved.stderr()).isZero();
    long movedAt = System.nanoTime();
    while (!get("/version").contains("\"shadows\":[{\"model\":\"cancer-model\",\"version\":1}")
        && System.nanoTime() - movedAt < Duration.ofSeconds(10).toNanos()) {
      Thread.sleep(20);
    }
    HttpResponse<String> later = post("application/json", body);
    assertThat(later.statusCode()).isEqualTo(200);
    String third =
        JSON.readTree(later.body()).get("predictions").get(0).get("prediction_id").asText();

    assertThat(
            sendFeedback(
                    "[{\"prediction_id\": \""
                        + first
                        + "\", \"actual\": \"malignant\"},"
                        + " {\"prediction_id\": \""
                        + third
                        + "\", \"actual\": \"benign\"}]")
                .statusCode())
        .isEqualTo(200);
    assertThat(joined(Role.PRODUCTION))
        .extracting(j -> j.prediction().id() + "=" + j.actual())
        .containsExactlyInAnyOrder(first + "=malignant", third + "=benign");
    List<JoinedPrediction> shadows = joined(Role.SHADOW);
    assertThat(shadows)
        .extracting(
            j ->
                j.prediction().requestId()
                    + " "
                    + j.prediction().id()
                    + " v"
                    + j.prediction().modelVersion()
                    + "="
                    + j.actual())
        .containsExactlyInAnyOrder(
            first + " " + PredictionRecord.shadowId(first, "cancer-model", 2) + " v2=malignant",
            third + " " + PredictionRecord.shadowId(third, "cancer-model", 1) + " v1=benign");
    assertThat(shadows.get(0).prediction().features()).contains("\"mean_radius\":");

    server.destroy();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve("serve.err"));
    // three requests the wider model could not score: said once, and no row of it logged
    assertThat(err.split("shadow wider-model@1 cannot score", -1)).hasSize(2);
    assertThat(err).contains("clinic_score");
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      assertThat(registry.predictions().unsealed("wider-model", 10)).isEmpty();
      // sealed when it stopped: 3 requests x 2 rows x (production + shadow)
      assertThat(registry.predictions().unsealed("cancer-model", 100)).isEmpty();
      var sealed = registry.resolve("cancer-model.predictions");
      Table logged;
      try (var in = registry.store().open(sealed.contentHash())) {
        logged = dev.nbfactory.magics.codec.TableCodec.read(in, sealed.ref(), sealed.schema());
      }
      assertThat(logged.rowCount()).isEqualTo(12);
      assertThat(logged.stringColumn("role").isEqualTo("shadow").size()).isEqualTo(6);
      Run run = registry.runs(RunQuery.all().withKind(RunKind.SERVING)).get(0);
      assertThat(registry.inputs(run.id()))
          .extracting(v -> v.ref())
          .containsExactlyInAnyOrder("cancer-model@1", "cancer-model@2", "wider-model@1");
      assertThat(registry.metrics(run.id()))
          .filteredOn(m -> m.key().equals("shadow_version"))
          .extracting(m -> m.value())
          .contains(2.0, 1.0);
    }
  }

  /** Offline outcomes: factory feedback joins a CSV's rows and names the unknown ids. */
  @Test
  void outcomesFromAFileAreJoinedAndUnknownIdsNamed() throws Exception {
    serve(Map.of());
    JsonNode answers =
        JSON.readTree(
                post(
                        "application/json",
                        "{\"dataframe_records\": [" + record(0) + ", " + record(19) + "]}")
                    .body())
            .get("predictions");
    server.destroy();
    server.waitFor(30, TimeUnit.SECONDS);
    Files.writeString(
        dir.resolve("outcomes.csv"),
        "prediction_id,actual\n"
            + answers.get(0).get("prediction_id").asText()
            + ",malignant\nnope,benign\n"
            + answers.get(1).get("prediction_id").asText()
            + ",benign\n");

    var r = FactoryProcess.run(dir, "feedback", "cancer-model", "--file", "outcomes.csv");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("2 of 3 outcomes joined to their predictions");
    assertThat(r.stderr().strip()).isEqualTo("factory feedback: no prediction 'nope'");
    assertThat(joined()).hasSize(2);
  }

  /** kill -9 under load: every prediction id a client received is in the log after it. */
  @Test
  void everyAcknowledgedPredictionSurvivesAKillUnderLoad() throws Exception {
    serve(Map.of(), "--seal-every", "1000000"); // the test reads the unsealed log
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int row = t;
      Thread client =
          new Thread(
              () -> {
                String body = "{\"dataframe_records\": [" + record(row) + "]}";
                while (running.get()) {
                  try {
                    HttpResponse<String> r = post("application/json", body);
                    if (r.statusCode() == 200) {
                      acknowledged.add(
                          JSON.readTree(r.body())
                              .get("predictions")
                              .get(0)
                              .get("prediction_id")
                              .asText());
                    }
                  } catch (Exception e) {
                    return; // the server is gone
                  }
                }
              });
      clients.add(client);
      client.start();
    }
    Thread.sleep(1500);
    server.destroyForcibly(); // SIGKILL, mid-request
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    running.set(false);
    for (Thread client : clients) {
      client.join();
    }

    assertThat(acknowledged).hasSizeGreaterThan(50);
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      Set<String> logged = new java.util.HashSet<>();
      registry.predictions().unsealed("cancer-model", 1_000_000).forEach(p -> logged.add(p.id()));
      assertThat(logged).containsAll(acknowledged);
    }
  }

  @Test
  void anAddressOtherMachinesReachNeedsATokenAndATokenIsChecked() throws Exception {
    var open =
        FactoryProcess.run(
            dir, "serve", "cancer-model@production", "--host", "0.0.0.0", "--port", "0");
    assertThat(open.exitCode()).isNotZero();
    assertThat(open.stderr()).contains("is reachable from other machines").contains("--no-auth");

    serve(Map.of("FACTORY_SERVE_TOKEN", "t0ken-for-test"));
    String body = "{\"dataframe_records\": [" + record(0) + "]}";
    HttpResponse<String> without = post("application/json", body);
    HttpResponse<String> wrong = post("application/json", body, "Authorization", "Bearer nope");
    HttpResponse<String> with =
        post("application/json", body, "Authorization", "Bearer t0ken-for-test");

    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(with.statusCode()).isEqualTo(200);
    assertThat(Files.readString(dir.resolve("serve.err"))).doesNotContain("t0ken-for-test");
  }
}
