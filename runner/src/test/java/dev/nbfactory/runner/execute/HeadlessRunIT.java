package dev.nbfactory.runner.execute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code factory run} as a user runs it: a real process, real notebooks, the output checked with
 * Debian's nbformat. RELIABILITY.md 6, 7, 9 and 12 for the runner.
 */
class HeadlessRunIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** YAML 1.1 reads raw U+2028 as a line break: escape everything outside ASCII. */
  private static final com.fasterxml.jackson.databind.ObjectWriter ASCII_JSON =
      JSON.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII);

  @TempDir Path dir;

  static String notebook(List<String> tagsPerCell, String... sources) throws IOException {
    StringBuilder cells = new StringBuilder();
    for (int i = 0; i < sources.length; i++) {
      if (i > 0) {
        cells.append(",\n");
      }
      String tags =
          i < tagsPerCell.size() && !tagsPerCell.get(i).isEmpty()
              ? "{\"tags\": [\"" + tagsPerCell.get(i) + "\"]}"
              : "{}";
      cells
          .append("{\"cell_type\": \"code\", \"id\": \"c")
          .append(i)
          .append("\", \"metadata\": ")
          .append(tags)
          .append(", \"execution_count\": null, \"outputs\": [], \"source\": ")
          .append(JSON.writeValueAsString(sources[i]))
          .append("}");
    }
    return "{\"cells\": ["
        + cells
        + "], \"metadata\": {\"kernelspec\": {\"name\": \"factory-java\","
        + " \"display_name\": \"Java (Factory)\", \"language\": \"java\"}}, \"nbformat\": 4,"
        + " \"nbformat_minor\": 5}";
  }

  private Path write(String name, String json) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, json, StandardCharsets.UTF_8);
    return p;
  }

  private static JsonNode read(Path p) throws IOException {
    return JSON.readTree(p.toFile());
  }

  @Test
  void parametersAreInjectedAndTheOutputNotebookCarriesPapermillMetadata() throws Exception {
    write(
        "train.ipynb",
        notebook(
            List.of("parameters"),
            "int epochs = 2;\ndouble rate = 0.1;\nString algo = \"sgd\";",
            "System.out.println(algo + \" \" + epochs + \" \" + rate);\nepochs * 10"));
    FactoryProcess.Result r =
        FactoryProcess.run(
            dir,
            "run",
            "train.ipynb",
            "out.ipynb",
            "-p",
            "epochs",
            "7",
            "-p",
            "rate",
            "1",
            "-r",
            "algo",
            "tree",
            "-p",
            "unknown",
            "1");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("passed unknown parameter 'unknown'");
    String papermill = FactoryProcess.validate(dir.resolve("out.ipynb"));
    assertThat(papermill).contains("\"epochs\": 7").contains("\"algo\": \"tree\"");

    JsonNode nb = read(dir.resolve("out.ipynb"));
    JsonNode pm = nb.path("metadata").path("papermill");
    for (String key : List.of("input_path", "output_path", "start_time", "end_time", "version")) {
      assertThat(pm.path(key).isTextual()).as(key).isTrue();
    }
    assertThat(pm.path("duration").isNumber()).isTrue();
    assertThat(pm.path("parameters").isObject()).isTrue();
    assertThat(pm.path("default_parameters").path("epochs").asText()).isEqualTo("2");
    assertThat(pm.path("exception").isNull()).isTrue();

    JsonNode injected = nb.path("cells").get(1);
    assertThat(injected.path("metadata").path("tags").get(0).asText())
        .isEqualTo("injected-parameters");
    assertThat(injected.path("source").toString())
        .contains("int epochs = 7;")
        .contains("double rate = 1.0;")
        .contains("String algo = \\\"tree\\\";");
    JsonNode last = nb.path("cells").get(2);
    assertThat(last.path("outputs").get(0).path("text").asText()).isEqualTo("tree 7 1.0\n");
    assertThat(last.path("outputs").get(1).path("data").path("text/plain").asText())
        .isEqualTo("70");
    for (JsonNode cell : nb.path("cells")) {
      JsonNode cpm = cell.path("metadata").path("papermill");
      assertThat(cpm.path("status").asText()).isEqualTo("completed");
      assertThat(cpm.path("duration").isNumber()).isTrue();
      assertThat(cpm.path("exception").isBoolean()).isTrue();
      assertThat(cell.path("execution_count").isInt()).isTrue();
    }
  }

  @Test
  void aFailingCellFailsTheRunWithPapermillsBannerAndTheCellIndex() throws Exception {
    write(
        "fail.ipynb",
        notebook(
            List.of(),
            "int a = 1;",
            "System.out.println(\"before\");\nthrow new IllegalStateException(\"bad data\");",
            "System.out.println(\"never\");"));
    FactoryProcess.Result r = FactoryProcess.run(dir, "run", "fail.ipynb", "out.ipynb");
    assertThat(r.exitCode()).isEqualTo(Outcome.FAILED.exitCode());
    assertThat(r.stderr())
        .contains("failed at cell 1 (In [2])")
        .contains("IllegalStateException")
        .contains("bad data");
    FactoryProcess.validate(dir.resolve("out.ipynb"));
    JsonNode nb = read(dir.resolve("out.ipynb"));
    JsonNode cells = nb.path("cells");
    assertThat(cells.get(0).path("source").toString()).contains("An Exception was encountered");
    assertThat(cells.get(0).path("metadata").path("tags").get(0).asText())
        .isEqualTo("papermill-error-cell-tag");
    assertThat(cells.get(2).path("source").toString()).contains("id=\\\"papermill-error-cell\\\"");
    JsonNode failed = cells.get(3);
    assertThat(failed.path("metadata").path("papermill").path("status").asText())
        .isEqualTo("failed");
    assertThat(failed.path("outputs").toString()).contains("before").contains("bad data");
    assertThat(cells.get(4).path("metadata").path("papermill").path("status").asText())
        .isEqualTo("pending");
    assertThat(nb.path("metadata").path("papermill").path("exception").asBoolean()).isTrue();
  }

  @Test
  void systemExitInACellIsAFailureNotASilentSuccess() throws Exception {
    write("exit.ipynb", notebook(List.of(), "System.exit(0);", "int after = 1;"));
    FactoryProcess.Result r = FactoryProcess.run(dir, "run", "exit.ipynb", "out.ipynb");
    assertThat(r.exitCode()).isEqualTo(Outcome.FAILED.exitCode());
    assertThat(r.stderr()).contains("System.exit");
    FactoryProcess.validate(dir.resolve("out.ipynb"));
  }

  @Test
  void aKernelWhoseJShellCannotStartEndsTheRunAsAKernelThatDidNotStartWithTheReason()
      throws Exception {
    write("nb.ipynb", notebook(List.of(), "int a = 1;"));
    FactoryProcess.Result r =
        FactoryProcess.run(
            dir,
            Map.of("FACTORY_COMPILER_OPTS", "--no-such-javac-flag"),
            Duration.ofSeconds(60),
            "run",
            "nb.ipynb",
            "out.ipynb");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(Outcome.KERNEL_DIED.exitCode());
    assertThat(r.stderr())
        .contains("KernelStartError: JShell did not start")
        .contains("--no-such-javac-flag");
    FactoryProcess.validate(dir.resolve("out.ipynb"));
  }

  @Test
  void theWarmUpStageThatBinFactoryRecordsItsArchiveFromRunsEveryCell() throws Exception {
    // A warm-up cell that fails would only make every later run slower, silently: check it here.
    FactoryProcess.Result r =
        FactoryProcess.run(dir, Map.of("FACTORY_REGISTRY", "ignored"), "warm-up");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("warm-up.ipynb succeeded").contains("of stage 'warm-up'");
    assertThat(dir.resolve("ignored")).doesNotExist();
  }

  @Test
  void aCellPastTheTimeoutIsInterruptedAndTheRunEndsTimedOut() throws Exception {
    write("loop.ipynb", notebook(List.of(), "System.out.println(\"spinning\");\nwhile (true) {}"));
    long start = System.nanoTime();
    FactoryProcess.Result r =
        FactoryProcess.run(dir, "run", "loop.ipynb", "out.ipynb", "--execution-timeout", "2");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(Outcome.TIMED_OUT.exitCode());
    assertThat(seconds).isLessThan(30);
    FactoryProcess.validate(dir.resolve("out.ipynb"));
    JsonNode nb = read(dir.resolve("out.ipynb"));
    assertThat(nb.toString()).contains("spinning");
    assertThat(onlyRun().status()).isEqualTo(dev.nbfactory.registry.RunStatus.TIMED_OUT);
  }

  /**
   * RELIABILITY 9, the second half: a cell that swallows its interrupt is ended after the grace.
   */
  @Test
  void aCellThatIgnoresItsInterruptIsEndedAfterTheGraceAndTheRunIsTimedOut() throws Exception {
    write(
        "stubborn.ipynb",
        notebook(
            List.of(),
            "System.out.println(\"stubborn\");\n"
                + "for (;;) {\n"
                + "  try { while (true) { Thread.onSpinWait(); } }\n"
                + "  catch (Throwable t) { System.out.println(\"ignored \" + t); }\n"
                + "}"));
    long start = System.nanoTime();
    FactoryProcess.Result r =
        FactoryProcess.run(dir, "run", "stubborn.ipynb", "out.ipynb", "--execution-timeout", "1");
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(Outcome.TIMED_OUT.exitCode());
    assertThat(r.stderr()).contains("did not stop within 10 s of its interrupt");
    assertThat(seconds).isBetween(10.0, 40.0);
    FactoryProcess.validate(dir.resolve("out.ipynb"));
    assertThat(read(dir.resolve("out.ipynb")).toString()).contains("stubborn");
    dev.nbfactory.registry.Run run = onlyRun();
    assertThat(run.status()).isEqualTo(dev.nbfactory.registry.RunStatus.TIMED_OUT);
    assertThat(run.error()).contains("did not stop");
  }

  /** RELIABILITY 7: a magic that fails fails the run, with the cell and the reason recorded. */
  @Test
  void aFailingMagicFailsTheRunWithTheCellAndTheReason() throws Exception {
    write(
        "magic.ipynb", notebook(List.of(), "int a = 1;", "%input no-such-artifact", "int b = 2;"));
    FactoryProcess.Result r = FactoryProcess.run(dir, "run", "magic.ipynb", "out.ipynb");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(Outcome.FAILED.exitCode());
    assertThat(r.stderr()).contains("at cell 1").contains("no-such-artifact");
    dev.nbfactory.registry.Run run = onlyRun();
    assertThat(run.status()).isEqualTo(dev.nbfactory.registry.RunStatus.FAILED);
    assertThat(run.error()).contains("cell 1").contains("no-such-artifact");
    JsonNode cells = read(dir.resolve("out.ipynb")).path("cells");
    assertThat(cells.toString()).doesNotContain("\"execution_count\":3");
  }

  /**
   * {@code %%params} (the templates' order: before {@code %stage}) under {@code factory run -p}:
   * the registry holds the values the cells ran with, the injected one where given, a {@code
   * --secret} masked, and the notebook's typed input checks its kind.
   */
  @Test
  void paramsMagicBeforeTheStageRecordsTheValuesTheCellsRanWith() throws Exception {
    write(
        "params.ipynb",
        notebook(
            List.of("parameters"),
            "%%params --secret dbUrl\nlong seed = 42;\ndouble rate = 0.1;\n"
                + "String dbUrl = \"jdbc:postgresql://db/x?password=pw\";",
            "%stage params-stage",
            "System.out.println(\"seed \" + seed + \" rate \" + rate + \" \" + dbUrl.length());"));
    FactoryProcess.Result r =
        FactoryProcess.run(
            dir,
            "run",
            "params.ipynb",
            "out.ipynb",
            "-p",
            "seed",
            "7",
            "-p",
            "rate",
            "1",
            "-p",
            "dbUrl",
            "jdbc:postgresql://db/y?password=topsecret");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String executed = Files.readString(dir.resolve("out.ipynb"));
    assertThat(executed).contains("seed 7 rate 1.0 41").doesNotContain("topsecret");
    try (dev.nbfactory.registry.Registry registry =
        dev.nbfactory.registry.Registry.open(dir.resolve(".factory").toString())) {
      assertThat(registry.parameters(onlyRun().id()))
          .extracting(p -> p.name() + "=" + p.value())
          .containsExactlyInAnyOrder(
              "seed=7", "rate=1.0", "dbUrl=" + dev.nbfactory.registry.Secrets.MASK);
    }
  }

  /**
   * Issue 16, items 9 and 7: {@code %%params --not-secret} lets a number named like a secret be set
   * and recorded, {@code pwd} is a secret, a secret's {@code env:} reference is read from the
   * environment (and one to a variable not set is refused before anything runs), and a lineage
   * server that is down costs one warning line, not a stack trace.
   */
  @Test
  void notSecretMarksAReferencesAndADownLineageServerAreOneLine() throws Exception {
    write(
        "marks.ipynb",
        notebook(
            List.of("parameters"),
            "%%params --not-secret maxTokens\nint maxTokens = 100;\nString pwd = \"\";",
            "%stage marks",
            "System.out.println(\"tokens \" + maxTokens + \" pwd \" + pwd.length());"));
    Map<String, String> env =
        Map.of("DB_PWD", "hunter2-env", "OPENLINEAGE_URL", "http://127.0.0.1:9/");

    FactoryProcess.Result r =
        FactoryProcess.run(
            dir,
            env,
            "run",
            "marks.ipynb",
            "out.ipynb",
            "-p",
            "maxTokens",
            "200",
            "-p",
            "pwd",
            "env:DB_PWD");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(Files.readString(dir.resolve("out.ipynb")))
        .contains("tokens 200 pwd 11")
        .doesNotContain("hunter2-env");
    try (dev.nbfactory.registry.Registry registry =
        dev.nbfactory.registry.Registry.open(dir.resolve(".factory").toString())) {
      assertThat(registry.parameters(onlyRun().id()))
          .extracting(p -> p.name() + "=" + p.value())
          .containsExactlyInAnyOrder("maxTokens=200", "pwd=" + dev.nbfactory.registry.Secrets.MASK);
    }
    assertThat(r.stderr().lines().filter(l -> l.contains("OpenLineage")))
        .isNotEmpty()
        .allMatch(
            l ->
                l.endsWith(
                    "could not report the run to OpenLineage: Connect to http://127.0.0.1:9"
                        + " failed: Connection refused; the run goes on"));
    assertThat(r.stderr()).doesNotContain("\tat ").doesNotContain("Exception");

    FactoryProcess.Result unset =
        FactoryProcess.run(dir, "run", "marks.ipynb", "out2.ipynb", "-p", "pwd", "env:NOT_SET_X");
    assertThat(unset.exitCode()).isEqualTo(2);
    assertThat(unset.stderr().strip())
        .isEqualTo(
            "factory run: the secret parameter pwd is env:NOT_SET_X, but the environment variable"
                + " NOT_SET_X is not set: set it where the run starts (the scheduler's environment,"
                + " a Kubernetes Secret, an Airflow Variable)");
    assertThat(dir.resolve("out2.ipynb")).doesNotExist();
  }

  /**
   * Issue 16, items 4, 6 and 8: the registry's own files are never outputs (directly or through a
   * link), an output that cannot be written is refused before the run opens, one that stops being
   * writable mid-run ends the run FAILED (never RUNNING), and a timeout of 0 or -1 means no limit.
   */
  @Test
  void outputsAreCheckedBeforeTheRunAndARunNeverStaysRunning() throws Exception {
    write("nb.ipynb", notebook(List.of(), "Thread.sleep(1500);\nSystem.out.println(\"slept\");"));
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    Path db = dir.resolve(".factory/registry.db");
    byte[] before = Files.readAllBytes(db);
    Files.createSymbolicLink(dir.resolve("link.ipynb"), db);
    Files.createDirectories(dir.resolve("folder.ipynb"));
    for (String[] bad :
        new String[][] {
          {".factory/registry.db", "inside the registry's own files"},
          {".factory/objects/x.ipynb", "inside the registry's own files"},
          {"link.ipynb", "inside the registry's own files"},
          {"folder.ipynb", "is a folder"},
          {"/proc/x.ipynb", "cannot write the output notebook /proc/x.ipynb"}
        }) {
      FactoryProcess.Result r = FactoryProcess.run(dir, "run", "nb.ipynb", bad[0]);
      assertThat(r.exitCode()).as(bad[0] + ": " + r.stderr()).isEqualTo(2);
      assertThat(r.stderr()).contains(bad[1]).doesNotContain("Exception\n\tat");
    }
    FactoryProcess.Result export =
        FactoryProcess.run(dir, "run", "nb.ipynb", "--prepare-only", ".factory/registry.db");
    assertThat(export.exitCode()).as(export.stderr()).isEqualTo(2);
    assertThat(Files.readAllBytes(db)).as("the registry is untouched").isEqualTo(before);
    assertThat(Files.isSymbolicLink(dir.resolve("link.ipynb"))).isTrue();
    try (dev.nbfactory.registry.Registry registry =
        dev.nbfactory.registry.Registry.open(dir.resolve(".factory").toString())) {
      assertThat(registry.runs(dev.nbfactory.registry.RunQuery.all())).isEmpty();
    }

    for (String noLimit : new String[] {"0", "-1"}) {
      FactoryProcess.Result r =
          FactoryProcess.run(
              dir, "run", "nb.ipynb", "out.ipynb", "--execution-timeout", noLimit, "--log-output");
      assertThat(r.exitCode()).as(noLimit + ": " + r.stderr()).isZero();
      assertThat(r.stdout()).contains("slept");
    }

    // The output's folder turns into a file while the run goes on: saving fails, the run ends.
    Path outDir = dir.resolve("gone");
    write(
        "vanish.ipynb",
        notebook(
            List.of(),
            "java.nio.file.Path d = java.nio.file.Path.of(\""
                + outDir
                + "\");\n"
                + "try (var s = java.nio.file.Files.list(d)) {\n"
                + "  for (var f : s.toList()) java.nio.file.Files.delete(f);\n"
                + "}\n"
                + "java.nio.file.Files.delete(d);\n"
                + "java.nio.file.Files.writeString(d, \"not a folder\");",
            "System.out.println(\"after\");"));
    FactoryProcess.Result vanished =
        FactoryProcess.run(dir, "run", "vanish.ipynb", "gone/out.ipynb");
    assertThat(vanished.exitCode()).as(vanished.stderr()).isEqualTo(1);
    assertThat(vanished.stderr()).contains("OutputNotSaved");
    try (dev.nbfactory.registry.Registry registry =
        dev.nbfactory.registry.Registry.open(dir.resolve(".factory").toString())) {
      dev.nbfactory.registry.Run last =
          registry.runs(dev.nbfactory.registry.RunQuery.all().withStage("vanish")).get(0);
      assertThat(last.status()).isEqualTo(dev.nbfactory.registry.RunStatus.FAILED);
      assertThat(last.error()).contains("cannot save");
      // the executed notebook still reached the registry
      assertThat(registry.resolve("vanish.ipynb")).isNotNull();
    }
  }

  /** Issue 16, item 14: an output link is written through, and the umask decides permissions. */
  @Test
  void anOutputLinkIsWrittenThroughWithTheUmasksPermissions() throws Exception {
    write("nb.ipynb", notebook(List.of(), "1 + 1"));
    Path real = Files.createDirectories(dir.resolve("reports")).resolve("real.ipynb");
    Files.writeString(real, "{}");
    Path link = Files.createSymbolicLink(dir.resolve("link.ipynb"), real);
    FactoryProcess.Result r = FactoryProcess.run(dir, "run", "nb.ipynb", "link.ipynb");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).contains("\"papermill\"");
    FactoryProcess.Result fresh = FactoryProcess.run(dir, "run", "nb.ipynb", "fresh.ipynb");
    assertThat(fresh.exitCode()).as(fresh.stderr()).isZero();
    // the test JVM's umask is the child's: a file it creates itself gets the same bits
    Path probe = Files.createFile(dir.resolve("probe"));
    assertThat(Files.getPosixFilePermissions(dir.resolve("fresh.ipynb")))
        .isEqualTo(Files.getPosixFilePermissions(probe));
  }

  private dev.nbfactory.registry.Run onlyRun() {
    try (dev.nbfactory.registry.Registry registry =
        dev.nbfactory.registry.Registry.open(dir.resolve(".factory").toString())) {
      List<dev.nbfactory.registry.Run> runs = registry.runs(dev.nbfactory.registry.RunQuery.all());
      assertThat(runs).hasSize(1);
      return runs.get(0);
    }
  }

  @Test
  void sigtermKillsTheRunAndLeavesAValidNotebook() throws Exception {
    write(
        "slow.ipynb",
        notebook(List.of(), "System.out.println(\"started\");\nThread.sleep(120_000);"));
    Process p =
        FactoryProcess.builder(dir, Map.of(), "run", "slow.ipynb", "out.ipynb")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log.txt").toFile())
            .start();
    Path out = dir.resolve("out.ipynb");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline
        && !(Files.exists(out) && Files.readString(out).contains("started"))) {
      Thread.sleep(100);
    }
    assertThat(Files.readString(out)).contains("started");
    List<ProcessHandle> children = new ArrayList<>(p.descendants().toList());
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(Outcome.KILLED.exitCode());
    assertThat(children).noneMatch(ProcessHandle::isAlive);
    String papermill = FactoryProcess.validate(out);
    assertThat(papermill).contains("\"exception\": true");
  }

  @Test
  void badInputIsRefusedBeforeAnythingRuns() throws Exception {
    write("nb.ipynb", notebook(List.of("parameters"), "int a = 1;"));
    for (String name : List.of("a;System.exit(1)", "class", "1x")) {
      FactoryProcess.Result r =
          FactoryProcess.run(dir, "run", "nb.ipynb", "out.ipynb", "-p", name, "1");
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.stderr()).contains("cannot be a parameter name");
      assertThat(dir.resolve("out.ipynb")).doesNotExist();
    }
    FactoryProcess.Result typed =
        FactoryProcess.run(dir, "run", "nb.ipynb", "out.ipynb", "-p", "a", "many");
    assertThat(typed.exitCode()).isEqualTo(2);
    assertThat(typed.stderr()).contains("'a' is declared int");

    write("broken.ipynb", "{\"cells\": [ {\"cell_type\": ");
    FactoryProcess.Result broken = FactoryProcess.run(dir, "run", "broken.ipynb", "out.ipynb");
    assertThat(broken.exitCode()).isEqualTo(2);
    assertThat(broken.stderr()).contains("broken.ipynb is not valid JSON");
    write("v3.ipynb", "{\"nbformat\": 3, \"worksheets\": []}");
    assertThat(FactoryProcess.run(dir, "run", "v3.ipynb").stderr())
        .contains("nbformat 3")
        .contains("jupyter nbconvert --to notebook --nbformat 4");
    assertThat(dir.resolve("out.ipynb")).doesNotExist();
  }

  @Test
  void prepareOnlyWritesTheParameterizedNotebookWithoutRunningIt() throws Exception {
    write("nb.ipynb", notebook(List.of("parameters", ""), "int a = 1;", "System.exit(3);"));
    FactoryProcess.Result r =
        FactoryProcess.run(
            dir,
            "run",
            "nb.ipynb",
            "prepared.ipynb",
            "-p",
            "a",
            "5",
            "--prepare-only",
            "--report-mode");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    FactoryProcess.validate(dir.resolve("prepared.ipynb"));
    JsonNode nb = read(dir.resolve("prepared.ipynb"));
    assertThat(nb.path("cells").get(1).path("source").toString()).contains("int a = 5;");
    assertThat(nb.path("cells").get(2).path("execution_count").isNull()).isTrue();
    assertThat(
            nb.path("cells")
                .get(2)
                .path("metadata")
                .path("jupyter")
                .path("source_hidden")
                .asBoolean())
        .isTrue();
  }

  @Test
  void aNotebookFromJupyterNotebook6WithoutCellIdsRunsAndStaysValidNbformat44() throws Exception {
    String v44 =
        withTitle(notebook(List.of("parameters", ""), "int n = 2;", "System.out.println(n * 21);"))
            .replaceAll("\"id\": \"[^\"]*\", ", "")
            .replace("\"nbformat_minor\": 5", "\"nbformat_minor\": 4");
    assertThat(v44).doesNotContain("\"id\"");
    write("old.ipynb", v44);
    FactoryProcess.Result r =
        FactoryProcess.run(dir, "run", "old.ipynb", "out.ipynb", "-p", "n", "1", "--log-output");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout()).as("--log-output copies cell output").contains("21");
    FactoryProcess.validate(dir.resolve("out.ipynb"));
    JsonNode nb = read(dir.resolve("out.ipynb"));
    assertThat(nb.path("nbformat_minor").asInt()).isEqualTo(4);
    assertThat(nb.path("cells").get(2).path("metadata").path("tags").get(0).asText())
        .isEqualTo("injected-parameters");
    assertThat(nb.path("cells").get(3).path("outputs").get(0).path("text").asText())
        .isEqualTo("21\n");
  }

  /** The same notebook with a markdown cell in front, as Jupyter writes one. */
  private static String withTitle(String notebookJson) {
    return notebookJson.replace(
        "{\"cells\": [",
        "{\"cells\": [{\"cell_type\": \"markdown\", \"id\": \"title\", \"metadata\": {},"
            + " \"source\": \"# A stage\"},\n");
  }

  @Test
  void yamlAndFilesRepeatAndMergeInPapermillsOrderAndReportModeHidesOnlyCode() throws Exception {
    write(
        "nb.ipynb",
        withTitle(
            notebook(List.of("parameters", ""), "int a = 1;\nint b = 2;\nint c = 3;", "a + b")));
    Files.writeString(dir.resolve("one.yaml"), "a: 10\nb: 10\nc: 10\n");
    Files.writeString(dir.resolve("two.yaml"), "b: 20\n");
    Files.createDirectories(dir.resolve("elsewhere"));
    FactoryProcess.Result r =
        FactoryProcess.run(
            dir,
            "run",
            "nb.ipynb",
            "prepared.ipynb",
            "-f",
            "one.yaml",
            "-f",
            "two.yaml",
            "-y",
            "c: 30",
            "-y",
            "a: 40",
            "-p",
            "a",
            "50",
            "--prepare-only",
            "--report-mode",
            "--cwd",
            "elsewhere");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode nb = read(dir.resolve("prepared.ipynb"));
    assertThat(nb.path("cells").get(2).path("source").toString())
        .contains("int a = 50;")
        .contains("int b = 20;")
        .contains("int c = 30;");
    assertThat(nb.path("cells").get(0).path("metadata").has("jupyter")).isFalse();
    assertThat(nb.path("cells").get(3).path("metadata").path("jupyter").path("source_hidden"))
        .isEqualTo(JSON.getNodeFactory().booleanNode(true));
    assertThat(dir.resolve(".factory"))
        .as("--prepare-only runs nothing, records nothing")
        .doesNotExist();
  }

  @Test
  void cwdRunsTheCodeThereAndRecordsInTheRegistryOfTheCommand() throws Exception {
    write(
        "nb.ipynb",
        withTitle(
            notebook(
                List.of(), "System.out.println(java.nio.file.Path.of(\"\").toAbsolutePath());")));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    assertThat(FactoryProcess.run(dir, "init", "elsewhere").exitCode()).isZero();
    // No FACTORY_REGISTRY: the command finds dir/.factory; the child, in elsewhere/, must not
    // find elsewhere/.factory instead.
    ProcessBuilder pb =
        FactoryProcess.builder(dir, Map.of(), "run", "nb.ipynb", "out.ipynb", "--cwd", "elsewhere")
            .redirectErrorStream(true);
    pb.environment().remove("FACTORY_REGISTRY");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();

    JsonNode nb = read(dir.resolve("out.ipynb"));
    assertThat(nb.path("cells").get(1).path("outputs").get(0).path("text").asText().strip())
        .isEqualTo(elsewhere.toRealPath().toString());
    JsonNode title = nb.path("cells").get(0).path("metadata").path("papermill");
    assertThat(title.path("status").asText())
        .as("markdown cells too, as papermill")
        .isEqualTo("completed");
    assertThat(title.path("start_time").isTextual()).isTrue();
    try (dev.nbfactory.registry.Registry here =
            dev.nbfactory.registry.Registry.open(dir.resolve(".factory").toString());
        dev.nbfactory.registry.Registry there =
            dev.nbfactory.registry.Registry.open(elsewhere.resolve(".factory").toString())) {
      assertThat(here.runs(dev.nbfactory.registry.RunQuery.all())).hasSize(1);
      assertThat(there.runs(dev.nbfactory.registry.RunQuery.all())).isEmpty();
    }
  }

  @Test
  void hostileStringsComeBackByteForByteThroughTheRealKernel() throws Exception {
    List<String> values = new ArrayList<>();
    values.addAll(dev.nbfactory.runner.params.HostileStrings.values());
    StringBuilder yaml = new StringBuilder();
    StringBuilder echo = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      yaml.append("p")
          .append(i)
          .append(": ")
          .append(ASCII_JSON.writeValueAsString(values.get(i)).replace("\u007f", "\\u007f"))
          .append('\n');
      echo.append("System.out.println(\"p")
          .append(i)
          .append("=\" + p")
          .append(i)
          .append(
              ".codePoints().mapToObj(Integer::toHexString)"
                  + ".collect(java.util.stream.Collectors.joining(\",\")));\n");
    }
    write("params.yaml", yaml.toString());
    write("echo.ipynb", notebook(List.of("parameters", ""), "", echo.toString()));
    FactoryProcess.Result r =
        FactoryProcess.run(dir, "run", "echo.ipynb", "out.ipynb", "-f", "params.yaml");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String printed =
        read(dir.resolve("out.ipynb"))
            .path("cells")
            .get(2)
            .path("outputs")
            .get(0)
            .path("text")
            .asText();
    for (int i = 0; i < values.size(); i++) {
      String hex =
          values
              .get(i)
              .codePoints()
              .mapToObj(Integer::toHexString)
              .collect(java.util.stream.Collectors.joining(","));
      assertThat(printed).contains("p" + i + "=" + hex + "\n");
    }
  }
}
