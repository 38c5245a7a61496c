package dev.nbfactory.runner.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nbfactory.registry.ConcurrencyPolicy;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.MisfirePolicy;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.runner.execute.RunContract;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Unknown fields fail: what we write must be the Kubernetes model, not near it. */
  private static final ObjectMapper STRICT_YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  @TempDir Path dir;

  private static final ExportedStore S3 = ExportedStore.url("s3://team-bucket/factory");

  /** A pinned notebook declaring the parameters the tests give; apiToken is a secret. */
  static final byte[] NOTEBOOK =
      ("{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {\"tags\": [\"parameters\"]},"
              + " \"source\": \"int epochs = 1; String note = \\\"\\\"; String name = \\\"\\\";"
              + " String stamp = \\\"\\\"; double rate = 0.1; String apiToken = null;\","
              + " \"outputs\": [], \"execution_count\": null}],"
              + " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}")
          .getBytes(StandardCharsets.UTF_8);

  static Schedule schedule(
      String cron,
      MisfirePolicy misfire,
      ConcurrencyPolicy concurrency,
      Map<String, String> params) {
    return new Schedule(
        "nightly-train",
        "/work/notebooks/train.ipynb",
        "train.ipynb",
        "ab".repeat(32),
        "cd".repeat(32),
        cron,
        "Europe/Berlin",
        null,
        null,
        params,
        misfire,
        concurrency,
        2,
        Duration.ofSeconds(30),
        Duration.ofHours(1),
        "echo 'failed' >&2",
        false,
        "alice",
        Instant.parse("2026-11-25T10:00:00Z"),
        1,
        null);
  }

  private static Map<String, String> hostileParams() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("epochs", "10");
    p.put("note", "it's \"quoted\" $HOME {{ ds }} \\ \u00e9 \u2028 ;rm -rf /");
    return p;
  }

  @ParameterizedTest
  @EnumSource(ConcurrencyPolicy.class)
  void theCronJobIsValidBatchV1WithThePoliciesMapped(ConcurrencyPolicy concurrency)
      throws Exception {
    Schedule s = schedule("0 30 2 ? * 2-6", MisfirePolicy.SKIP, concurrency, hostileParams());
    String yaml = CronJobExport.yaml(s, NOTEBOOK, "img:1", "ml", S3);
    String[] docs = yaml.split("(?m)^---\\n");
    ConfigMap map = STRICT_YAML.readValue(docs[1], ConfigMap.class);
    CronJob job = STRICT_YAML.readValue(docs[2], CronJob.class);
    assertThat(job.getApiVersion()).isEqualTo("batch/v1");
    assertThat(job.getKind()).isEqualTo("CronJob");
    assertThat(map.getKind()).isEqualTo("ConfigMap");
    assertThat(map.getData())
        .containsEntry("train.ipynb", new String(NOTEBOOK, StandardCharsets.UTF_8));
    assertThat(job.getMetadata().getNamespace()).isEqualTo("ml");
    assertThat(job.getSpec().getSchedule()).isEqualTo("30 2 * * 1-5");
    assertThat(job.getSpec().getTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(job.getSpec().getConcurrencyPolicy())
        .isEqualTo(
            switch (concurrency) {
              case ALLOW -> "Allow";
              case FORBID -> "Forbid";
              case REPLACE -> "Replace";
            });
    assertThat(job.getSpec().getStartingDeadlineSeconds()).isEqualTo(60L);
    assertThat(job.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds())
        .isEqualTo(3600L);
    Container c =
        job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("img:1");
    assertThat(c.getArgs())
        .containsExactly(
            "run",
            "/notebooks/train.ipynb",
            "/output/nightly-train.ipynb",
            "--no-progress",
            "-p",
            "epochs",
            "10",
            "-p",
            "note",
            hostileParams().get("note"));
    assertThat(c.getResources().getLimits()).containsKey("memory");
    assertThat(c.getEnv())
        .anyMatch(e -> e.getName().equals("FACTORY_REGISTRY") && e.getValueFrom() != null);
    assertThat(yaml).doesNotContain("password");
    assertThat(job).isEqualTo(CronJobExport.build(s, NOTEBOOK, "img:1", "ml", S3).cronJob());
  }

  @Test
  void secondsAndYearsCannotBeExported() {
    Schedule s = schedule("*/1 * * * * ?", MisfirePolicy.ONCE, ConcurrencyPolicy.FORBID, Map.of());
    assertThatThrownBy(() -> CronJobExport.yaml(s, new byte[2], "i", null, S3))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("once a minute");
    assertThatThrownBy(() -> AirflowExport.dag(s, NOTEBOOK, S3))
        .hasMessageContaining("once a minute");
  }

  @ParameterizedTest
  @EnumSource(MisfirePolicy.class)
  void theAirflowDagCompilesWithCatchupAndMaxActiveRuns(MisfirePolicy misfire) throws Exception {
    Schedule s = schedule("0 0 6 * * ?", misfire, ConcurrencyPolicy.FORBID, hostileParams());
    String dag = AirflowExport.dag(s, NOTEBOOK, S3);
    assertThat(dag)
        .contains("schedule=\"0 6 * * *\"")
        .contains("tz=\"Europe/Berlin\"")
        .contains("catchup=" + (misfire == MisfirePolicy.ALL ? "True" : "False"))
        .contains("max_active_runs=1")
        .contains("\"retries\": 2")
        .contains("execution_timeout")
        .contains("BashOperator");
    Path file = dir.resolve("nightly_train.py");
    Files.writeString(file, dag, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder("/usr/bin/python3", "-m", "py_compile", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out + "\n" + dag).isZero();
    assertThat(List.of(dag.split("\n"))).noneMatch(line -> line.contains("\u2028"));
  }

  /**
   * Issue 16, item 3: no parameter value is ever read by Jinja. The DAG's templated fields are
   * rendered with real jinja2 and the command run by bash; every value arrives byte for byte.
   */
  @Test
  void jinjaNeverReadsAParameterValue() throws Exception {
    Map<String, String> hostile = new LinkedHashMap<>(hostileParams());
    hostile.put("name", "a{% endraw %}{{ 7*7 }}{% raw %}b");
    hostile.put("stamp", "x-{ts_nodash}-{{ ts_nodash }}-{# c #}");
    hostile.put("rate", "0.5");
    Schedule s = schedule("0 0 6 * * ?", MisfirePolicy.SKIP, ConcurrencyPolicy.FORBID, hostile);
    Path file = dir.resolve("dag.py");
    Files.writeString(file, AirflowExport.dag(s, NOTEBOOK, S3), StandardCharsets.UTF_8);
    Path script = dir.resolve("render_airflow_dag.py");
    try (var in = ExportTest.class.getResourceAsStream("render_airflow_dag.py")) {
      Files.copy(in, script);
    }
    Process p =
        new ProcessBuilder("/usr/bin/python3", script.toString(), file.toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    com.fasterxml.jackson.databind.JsonNode result = JSON.readTree(out);
    List<String> argv = new java.util.ArrayList<>();
    result.path("argv").forEach(a -> argv.add(a.asText()));
    assertThat(argv.subList(0, 4))
        .containsExactly(
            "run",
            s.notebookPath(),
            "output/" + s.name() + "-20261207T060000.ipynb",
            "--no-progress");
    assertThat(argv.get(4)).isEqualTo("-y");
    // what 'factory run -y' reads: every value as 'factory run -p' would type it, untouched
    dev.nbfactory.runner.params.ParameterValues fromDag =
        new dev.nbfactory.runner.params.ParameterValues().yaml(argv.get(5), "-y");
    dev.nbfactory.runner.params.ParameterValues fromCli =
        new dev.nbfactory.runner.params.ParameterValues();
    hostile.forEach(fromCli::text);
    assertThat(fromDag.values()).isEqualTo(fromCli.values());
    assertThat(fromDag.values().get("name")).isEqualTo("a{% endraw %}{{ 7*7 }}{% raw %}b");
    RunContract contract =
        RunContract.fromEnvironment(Map.of(RunContract.ENV, result.path("contract").asText()));
    assertThat(contract.schedule()).isEqualTo(s.name());
    assertThat(contract.claimFiring()).isTrue();
    assertThat(contract.nominalTime()).isEqualTo(java.time.Instant.parse("2026-12-07T06:00:00Z"));
  }

  /** Issue 16, item 1: an export maps a secret's reference to the platform's secret store. */
  @Test
  void aSecretReachesTheCronJobFromASecretKeyAndNeverAsAValue() throws Exception {
    Map<String, String> params = new LinkedHashMap<>(Map.of("epochs", "3"));
    params.put("apiToken", "env:API_TOKEN");
    Schedule s = schedule("0 0 6 * * ?", MisfirePolicy.SKIP, ConcurrencyPolicy.FORBID, params);

    CronJob job = CronJobExport.build(s, NOTEBOOK, "img:1", null, S3).cronJob();

    Container c =
        job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getArgs()).containsSequence("-p", "apiToken", "env:API_TOKEN");
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().equals("API_TOKEN"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName())
                  .isEqualTo("notebook-factory-secrets");
              assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("API_TOKEN");
            });
  }

  @Test
  void aSecretReachesTheAirflowTaskFromAVariableNeverRenderedAsATemplate() throws Exception {
    Map<String, String> params = new LinkedHashMap<>(Map.of("epochs", "3"));
    params.put("apiToken", "env:API_TOKEN");
    Schedule s = schedule("0 0 6 * * ?", MisfirePolicy.SKIP, ConcurrencyPolicy.FORBID, params);
    Path file = dir.resolve("dag.py");
    Files.writeString(file, AirflowExport.dag(s, NOTEBOOK, S3), StandardCharsets.UTF_8);
    Path script = dir.resolve("render_airflow_dag.py");
    try (var in = ExportTest.class.getResourceAsStream("render_airflow_dag.py")) {
      Files.copy(in, script);
    }
    String value = "tok-{{ 7*7 }}-$HOME";

    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                script.toString(),
                file.toString(),
                dir.toString(),
                JSON.writeValueAsString(Map.of("API_TOKEN", value)))
            .redirectErrorStream(true)
            .start();

    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    com.fasterxml.jackson.databind.JsonNode result = JSON.readTree(out);
    assertThat(result.path("env").path("API_TOKEN").asText()).isEqualTo(value);
    assertThat(result.path("argv").get(5).asText()).contains("env:API_TOKEN");
  }

  @Test
  void aScheduleThatKeptASecretsValueIsNotExported() {
    Schedule s =
        schedule(
            "0 0 6 * * ?",
            MisfirePolicy.SKIP,
            ConcurrencyPolicy.FORBID,
            Map.of("apiToken", "s3cr3t-kept"));

    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable export :
        List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
            () -> AirflowExport.dag(s, NOTEBOOK, S3),
            () -> CronJobExport.yaml(s, NOTEBOOK, "i", null, S3))) {
      assertThatThrownBy(export)
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "schedule 'nightly-train' keeps a value for the secret apiToken, and an export never"
                  + " writes one: promote it again with -p apiToken env:API_TOKEN");
    }
    assertThat(s.shownParameters()).containsEntry("apiToken", "********");
  }

  @Test
  void aCronJobOnS3TakesItsStoreFromAConfigMapAndItsKeysFromASecret() throws Exception {
    Schedule s = schedule("0 0 6 * * ?", MisfirePolicy.SKIP, ConcurrencyPolicy.FORBID, Map.of());
    String yaml = CronJobExport.yaml(s, NOTEBOOK, "img:1", "ml", S3);
    String[] docs = yaml.split("(?m)^---\\n");
    ConfigMap objects = STRICT_YAML.readValue(docs[3], ConfigMap.class);
    assertThat(objects.getMetadata().getName()).isEqualTo(CronJobExport.OBJECTS_CONFIG);
    assertThat(objects.getData())
        .containsExactly(Map.entry("FACTORY_OBJECTS", "s3://team-bucket/factory"));
    CronJob job = STRICT_YAML.readValue(docs[2], CronJob.class);
    Container c =
        job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getEnvFrom())
        .filteredOn(e -> e.getConfigMapRef() != null)
        .extracting(e -> e.getConfigMapRef().getName())
        .containsExactly(CronJobExport.OBJECTS_CONFIG);
    assertThat(c.getEnvFrom())
        .filteredOn(e -> e.getSecretRef() != null)
        .extracting(e -> e.getSecretRef().getName(), e -> e.getSecretRef().getOptional())
        .containsExactly(org.assertj.core.groups.Tuple.tuple(CronJobExport.S3_SECRET, true));
    assertThat(yaml).doesNotContain("AWS_SECRET_ACCESS_KEY:");
  }

  @Test
  void aCronJobOnAFolderStoreMountsItsClaim() throws Exception {
    Schedule s = schedule("0 0 6 * * ?", MisfirePolicy.SKIP, ConcurrencyPolicy.FORBID, Map.of());
    CronJobExport.Objects o =
        CronJobExport.build(s, NOTEBOOK, "img:1", null, ExportedStore.pvc("factory-objects"));
    assertThat(o.objects()).isNull();
    var pod = o.cronJob().getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .extracting(v -> v.getPersistentVolumeClaim().getClaimName())
        .containsExactly("factory-objects");
    Container c = pod.getContainers().get(0);
    assertThat(c.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/objects"));
    assertThat(c.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("FACTORY_OBJECTS");
              assertThat(e.getValue()).isEqualTo("/objects");
            });
  }

  @Test
  void exportsRefuseWhatAPodOrWorkerCannotReachNamingTheFix() {
    var embedded = dev.nbfactory.registry.RegistryLocation.ofFolder(dir.resolve(".factory"));
    assertThatThrownBy(() -> ExportedStore.forKubernetes(embedded, "claim"))
        .hasMessageContaining("embedded SQLite")
        .hasMessageContaining("PostgreSQL");
    assertThatThrownBy(() -> ExportedStore.forAirflow(embedded))
        .hasMessageContaining("an Airflow worker cannot reach");
    var folder =
        dev.nbfactory.registry.RegistryLocation.parse(
            "jdbc:postgresql://db/x", Map.of("FACTORY_OBJECTS", dir.resolve("objects").toString()));
    assertThatThrownBy(() -> ExportedStore.forKubernetes(folder, null))
        .hasMessageContaining("--objects-pvc NAME")
        .hasMessageContaining("s3://");
    assertThat(ExportedStore.forKubernetes(folder, "claim")).isEqualTo(ExportedStore.pvc("claim"));
    var s3 =
        dev.nbfactory.registry.RegistryLocation.parse(
            "jdbc:postgresql://db/x", Map.of("FACTORY_OBJECTS", "s3://team-bucket/factory"));
    assertThat(ExportedStore.forKubernetes(s3, null)).isEqualTo(S3);
    assertThatThrownBy(() -> ExportedStore.forKubernetes(s3, "claim"))
        .hasMessageContaining("leave --objects-pvc out");
  }

  @Test
  void theDagSaysWhichVariablesTheWorkerNeeds() {
    Schedule s = schedule("0 0 6 * * ?", MisfirePolicy.SKIP, ConcurrencyPolicy.FORBID, Map.of());
    String dag = AirflowExport.dag(s, NOTEBOOK, S3);
    assertThat(dag)
        .contains("The worker needs:")
        .contains("FACTORY_REGISTRY")
        .contains("AWS_ACCESS_KEY_ID")
        .contains("AWS_ENDPOINT_URL")
        .contains("\"FACTORY_OBJECTS\": \"{{ params.objects }}\"")
        .contains("OBJECTS = \"s3://team-bucket/factory\"");
  }
}
