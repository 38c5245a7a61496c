package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunStatus;
import dev.nbfactory.registry.testing.OpenLineageSchemas;
import dev.nbfactory.runner.execute.FactoryProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Five stage notebooks with a diamond (raw → left, right → joined → report), run by {@code factory
 * pipeline run} as real processes on a real registry: the second run skips every stage; a changed
 * parameter re-runs only that stage and what reads from it.
 */
class PipelineIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private void notebook(String file, String parameters, String... cells) throws Exception {
    StageNotebooks.write(dir, file, parameters, cells);
  }

  private Map<String, Long> successfulRuns() {
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      return registry.runs(RunQuery.all().withStatus(RunStatus.SUCCEEDED)).stream()
          .filter(r -> r.kind() != RunKind.PIPELINE)
          .collect(Collectors.groupingBy(r -> r.stage(), Collectors.counting()));
    }
  }

  @Test
  void aSecondRunSkipsEverythingAndAChangedParameterRerunsOnlyWhatDependsOnIt() throws Exception {
    notebook(
        "1-raw.ipynb",
        "int n = 10;",
        "Factory.stage(\"raw\");\n"
            + "Table t = Table.create(\"raw\", IntColumn.indexColumn(\"x\", n, 0));\n"
            + "Factory.output(\"raw\", t);");
    notebook(
        "2-left.ipynb",
        "int k = 2;",
        "%stage left",
        "Table raw = Factory.table(\"raw\");\n"
            + "Factory.output(\"left\", raw.where(raw.intColumn(\"x\").isLessThan(k)));");
    notebook(
        "3-right.ipynb",
        "int k = 5;",
        "%stage right",
        "%input raw as raw",
        "Factory.output(\"right\", raw.where(raw.intColumn(\"x\").isGreaterThanOrEqualTo(k)));");
    notebook(
        "4-join.ipynb",
        "",
        "Factory.stage(\"join\");\n"
            + "Table l = Factory.table(\"left\");\nTable r = Factory.table(\"right\");\n"
            + "Factory.output(\"joined\", l.append(r));");
    notebook(
        "5-report.ipynb",
        "",
        "Factory.stage(\"report\");\nTable j = Factory.table(\"joined\");\n"
            + "Factory.output(\"summary\", \"# Rows\\n\\n\" + j.rowCount());");
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    Path events = dir.resolve("events.jsonl");
    Files.writeString(
        dir.resolve("openlineage.yml"), "transport:\n  type: file\n  location: " + events + "\n");

    var first = FactoryProcess.run(dir, "pipeline", "run", "stages", "--jobs", "2");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      // The pipeline is a run of its own, named after its folder; its stages' runs belong to it.
      Run pipeline = registry.runs(RunQuery.all().withKind(RunKind.PIPELINE)).get(0);
      assertThat(pipeline.stage()).isEqualTo("stages");
      assertThat(pipeline.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(registry.runs(RunQuery.all().withKind(RunKind.HEADLESS)))
          .hasSize(5)
          .allSatisfy(r -> assertThat(r.parentRunId()).isEqualTo(pipeline.id()));
    }
    // OpenLineage: every event passes the official schemas; each stage names the pipeline's run.
    OpenLineageSchemas official = new OpenLineageSchemas();
    List<String> lines = Files.readAllLines(events);
    assertThat(lines).hasSize(12); // START and COMPLETE of the pipeline and its five stages
    for (String line : lines) {
      assertThat(official.violations(line)).as(line).isEmpty();
      JsonNode event = JSON.readTree(line);
      JsonNode parent = event.path("run").path("facets").path("parent");
      if (event.path("job").path("name").asText().equals("stages")) {
        assertThat(parent.isMissingNode()).as(line).isTrue();
      } else {
        assertThat(parent.path("job").path("name").asText()).as(line).isEqualTo("stages");
      }
    }
    assertThat(successfulRuns())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("raw", 1L, "left", 1L, "right", 1L, "join", 1L, "report", 1L));
    assertThat(dir.resolve("output/join.ipynb")).exists();

    var second = FactoryProcess.run(dir, "pipeline", "run", "stages");
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stderr()).contains("0 ran, 5 up to date");
    assertThat(successfulRuns().values()).containsOnly(1L);

    var changed = FactoryProcess.run(dir, "pipeline", "run", "stages", "-p", "left.k", "3");
    assertThat(changed.exitCode()).as(changed.stderr()).isZero();
    assertThat(successfulRuns())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("raw", 1L, "left", 2L, "right", 1L, "join", 2L, "report", 2L));

    var plan = FactoryProcess.run(dir, "pipeline", "plan", "stages", "-p", "left.k", "3");
    assertThat(plan.stdout().lines().filter(l -> l.contains("up to date")).count()).isEqualTo(5);
    assertThat(List.of(plan.stdout().split("\n")).get(0)).startsWith("1. raw");
  }

  /**
   * An optional input ({@code Factory.tableIfPresent}): absent, the stage runs without it and stays
   * up to date; once a version lands (outcomes a server sealed), the stage runs again and reads it.
   */
  @Test
  void anOptionalInputKeepsAStageUpToDateWhileAbsentAndRerunsItOnceItLands() throws Exception {
    notebook(
        "1-train.ipynb",
        "",
        "%stage train",
        "Table rows = Table.create(\"rows\", IntColumn.indexColumn(\"x\", 3, 0));\n"
            + "Factory.tableIfPresent(\"extra\").ifPresent(e -> rows.append(e));\n"
            + "Factory.metric(\"rows\", rows.rowCount());\n"
            + "Factory.output(\"trained\", rows);");
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();

    var first = FactoryProcess.run(dir, "pipeline", "run", "stages");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    var again = FactoryProcess.run(dir, "pipeline", "run", "stages");
    assertThat(again.stderr()).contains("0 ran, 1 up to date");

    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      FactorySession session =
          new FactorySession(NotebookContext.builder().registry(registry).build());
      session.stage("outcomes");
      session.output("extra", Table.create("extra", IntColumn.indexColumn("x", 2, 10)));
      session.finish();
    }
    var landed = FactoryProcess.run(dir, "pipeline", "run", "stages");
    assertThat(landed.exitCode()).as(landed.stderr()).isZero();
    assertThat(landed.stderr()).contains("1 ran, 0 up to date");
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      Run train = registry.stageHistory("train").get(0);
      assertThat(registry.inputs(train.id())).extracting(ArtifactVersion::ref).contains("extra@1");
      assertThat(Metric.last(registry.metrics(train.id()), "rows").get().value()).isEqualTo(5.0);
    }
  }

  /**
   * RELIABILITY 25: the raw file a stage reads is in the lineage; cutting rows, or flipping one
   * byte with the size kept and the time stamp forged back, re-runs the stage and everything
   * downstream.
   */
  @Test
  void aChangedRawFileRerunsItsStageAndEverythingDownstream() throws Exception {
    Path raw = dir.resolve("data/rows.csv");
    Files.createDirectories(raw.getParent());
    Files.writeString(raw, "x\n1\n2\n3\n4\n");
    Files.setLastModifiedTime(raw, FileTime.from(Instant.now().minusSeconds(3600)));
    notebook(
        "1-ingest.ipynb",
        "String data = \"data/rows.csv\";\nint minRows = 3;",
        "%stage ingest",
        "Table t = Factory.csv(data);\n"
            + "if (t.rowCount() < minRows) throw new IllegalStateException(t.rowCount() + \" rows\");\n"
            + "Factory.output(\"clean\", t);");
    notebook(
        "2-sum.ipynb",
        "",
        "%stage sum",
        "Table c = Factory.table(\"clean\");\n"
            + "Factory.output(\"total\", \"total \" + c.intColumn(\"x\").sum());");
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    var first = FactoryProcess.run(dir, "pipeline", "run", "stages");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    Thread.sleep(2100); // past the racy window: the second run may take the file's hash as cached
    var second = FactoryProcess.run(dir, "pipeline", "run", "stages");
    assertThat(second.stderr()).contains("0 ran, 2 up to date");

    FileTime stamp = Files.getLastModifiedTime(raw);
    Files.writeString(raw, "x\n1\n2\n3\n5\n"); // one byte, same size
    Files.setLastModifiedTime(raw, stamp);
    var flipped = FactoryProcess.run(dir, "pipeline", "run", "stages");
    assertThat(flipped.exitCode()).as(flipped.stderr()).isZero();
    assertThat(flipped.stderr()).contains("2 ran, 0 up to date");
    assertThat(successfulRuns())
        .containsExactlyInAnyOrderEntriesOf(Map.of("ingest", 2L, "sum", 2L));
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      String file = "file:" + raw.toRealPath();
      assertThat(registry.versions(file)).hasSize(2);
      assertThat(registry.upstream("total", 10).versions())
          .extracting(v -> v.ref())
          .contains(file + "@2", "clean@2");
      assertThat(new String(registry.store().read(registry.resolve(file + "@1").contentHash())))
          .isEqualTo("x\n1\n2\n3\n4\n");
    }

    Files.writeString(raw, "x\n1\n"); // rows cut: the stage runs again and fails on its check
    var cut = FactoryProcess.run(dir, "pipeline", "run", "stages");
    assertThat(cut.exitCode()).isEqualTo(1);
    assertThat(cut.stderr()).contains("ingest failed").contains("sum not run: 'ingest' failed");
  }

  /**
   * The registry holds the value the cell ran with ({@code -p rate 1} into {@code double rate} is
   * 1.0), never a secret's; and a stage that declares a secret-named parameter is up to date when
   * nothing else changed.
   */
  @Test
  void parametersAreRecordedAsTheCellRanWithThemAndASecretDoesNotMakeAStageStale()
      throws Exception {
    notebook(
        "s.ipynb",
        "double rate = 0.1;\nString apiToken = \"s3cr3t-value\";",
        "%stage s",
        "System.out.println(\"rate \" + rate);\n"
            + "Factory.output(\"s-out\", \"rate \" + rate + \" token \" + apiToken.length());");
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    var first = FactoryProcess.run(dir, "pipeline", "run", "stages", "-p", "s.rate", "1");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      var run = registry.runs(RunQuery.all().withStage("s")).get(0);
      assertThat(registry.parameters(run.id()))
          .extracting(p -> p.name() + "=" + p.value())
          .containsExactlyInAnyOrder("rate=1.0", "apiToken=" + dev.nbfactory.registry.Secrets.MASK);
      assertThat(new String(registry.store().read(registry.resolve("s-out").contentHash())))
          .isEqualTo("rate 1.0 token 12");
    }
    var second = FactoryProcess.run(dir, "pipeline", "run", "stages", "-p", "s.rate", "1");
    assertThat(second.exitCode()).as(second.stderr()).isZero();
    assertThat(second.stderr()).contains("0 ran, 1 up to date");
    var other = FactoryProcess.run(dir, "pipeline", "run", "stages", "-p", "s.rate", "2");
    assertThat(other.stderr()).contains("1 ran, 0 up to date");
  }

  @Test
  void aFailedStageStopsWhatReadsFromItAndTheRestGoesOn() throws Exception {
    notebook(
        "a.ipynb",
        "",
        "Factory.stage(\"a\");\nthrow new IllegalStateException(\"broken\");",
        "Factory.output(\"a-out\", Table.create(\"a\"));");
    notebook("b.ipynb", "", "Factory.stage(\"b\");\nFactory.table(\"a-out\");");
    notebook(
        "c.ipynb",
        "",
        "Factory.stage(\"c\");\n"
            + "Factory.output(\"c-out\", Table.create(\"c\", IntColumn.create(\"v\", 1)));");
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    var r = FactoryProcess.run(dir, "pipeline", "run", "stages");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("a failed").contains("b not run: 'a' failed");
    assertThat(successfulRuns()).containsOnlyKeys("c");
  }

  /**
   * An ingest stage whose data checks fail ends FAILED with a line per failed check; the stage that
   * reads its table is not run; every check, the passed and warned ones too, is in the registry
   * with what it observed, and {@code factory show} lists them.
   */
  @Test
  void aFailedDataCheckFailsItsStageAndStopsWhatReadsFromIt() throws Exception {
    notebook(
        "1-ingest.ipynb",
        "int minRows = 400;",
        "%stage ingest",
        "import dev.nbfactory.magics.helpers.Expect;\n"
            + "Table t = Table.create(\"wdbc\", IntColumn.indexColumn(\"id\", 5, 1),\n"
            + "    StringColumn.create(\"diagnosis\","
            + " \"benign\", \"malignant\", \"benign\", \"unknown\", \"benign\"));\n"
            + "Expect.that(t).rowsAtLeast(minRows).unique(\"id\")\n"
            + "    .oneOf(\"diagnosis\", \"benign\", \"malignant\").noMissing(\"diagnosis\")\n"
            + "    .matches(\"diagnosis\", \"[a-z]{6}\").warn()\n"
            + "    .check();",
        "Factory.output(\"wdbc\", t);");
    notebook(
        "2-train.ipynb",
        "",
        "%stage train",
        "Table w = Factory.table(\"wdbc\");\nFactory.output(\"card\", \"rows \" + w.rowCount());");
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();

    var r = FactoryProcess.run(dir, "pipeline", "run", "stages");

    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    assertThat(r.stderr()).contains("ingest failed").contains("train not run: 'ingest' failed");
    String ingestId;
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      assertThat(registry.runs(RunQuery.all().withStage("train"))).isEmpty();
      List<Run> ingest = registry.runs(RunQuery.all().withStage("ingest"));
      assertThat(ingest)
          .singleElement()
          .satisfies(run -> assertThat(run.status()).isEqualTo(RunStatus.FAILED));
      ingestId = ingest.get(0).id();
      assertThat(ingest.get(0).error())
          .contains(
              "DataCheckException: 2 data checks failed on wdbc:\n"
                  + "- rowsAtLeast(400): 5 rows; expected at least 400\n"
                  + "- oneOf(diagnosis, benign, malignant): values outside: [unknown] in 1 row;"
                  + " expected one of [benign, malignant]");
      assertThat(registry.record(ingestId).checks())
          .extracting(c -> c.name() + " " + c.severity() + " " + c.passed() + " " + c.observed())
          .containsExactly(
              "rowsAtLeast(400) ERROR false 5 rows",
              "unique(id) ERROR true 5 distinct of 5 values",
              "oneOf(diagnosis, benign, malignant) ERROR false values outside: [unknown] in 1 row",
              "noMissing(diagnosis) ERROR true 0 missing of 5",
              "matches(diagnosis, [a-z]{6}) WARN false 2 of 5 do not match: [malignant, unknown]");
      assertThat(registry.latest("wdbc")).isEmpty();
    }

    var show = FactoryProcess.run(dir, "show", ingestId);
    assertThat(show.exitCode()).as(show.stderr()).isZero();
    assertThat(show.stdout())
        .containsPattern("status +FAILED")
        .containsPattern("\n  rowsAtLeast\\(400\\) +FAILED +5 rows +expected at least 400\n")
        .containsPattern("\n  matches\\(diagnosis, \\[a-z\\]\\{6\\}\\) +warning +2 of 5");
  }

  @Test
  void aStageWhoseJvmDiesIsRecordedAsAKernelDeathWithTheCellMarkedFailed() throws Exception {
    notebook(
        "oom.ipynb",
        "",
        "Factory.stage(\"oom\");",
        "System.out.println(\"filling memory\");\n"
            + "var hog = new java.util.ArrayList<long[]>();\n"
            + "while (true) { hog.add(new long[1_000_000]); }");
    notebook(
        "killed.ipynb",
        "",
        "Factory.stage(\"killed\");",
        "System.out.println(\"going\");\nnew ProcessBuilder(\"kill\", \"-9\","
            + " String.valueOf(ProcessHandle.current().pid())).start().waitFor();\n"
            + "Thread.sleep(60_000);");
    // A stage before them, so that both run in JVMs started ahead of their turn.
    notebook("first.ipynb", "", "Factory.stage(\"first\");");
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    long start = System.nanoTime();
    var r =
        FactoryProcess.run(
            dir,
            Map.of("FACTORY_STAGE_JVM_OPTS", "-Xmx160m", "FACTORY_WARM_STAGES", "1"),
            "pipeline",
            "run",
            "stages");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(90);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("oom failed: the JVM running the notebook ran out of memory")
        .contains("killed failed: the JVM running the notebook was killed by signal 9");
    try (Registry registry = Registry.open(dir.resolve(".factory").toString())) {
      for (String stage : List.of("oom", "killed")) {
        var runs = registry.runs(RunQuery.all().withStage(stage));
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).status()).isEqualTo(RunStatus.FAILED);
        assertThat(runs.get(0).error()).startsWith("kernel died: ");
      }
    }
    for (String stage : List.of("oom", "killed")) {
      Path out = dir.resolve("output").resolve(stage + ".ipynb");
      FactoryProcess.validate(out);
      var nb = JSON.readTree(out.toFile());
      assertThat(nb.path("metadata").path("papermill").path("exception").asBoolean()).isTrue();
      assertThat(nb.toString()).contains("KernelDied").contains("\"status\":\"failed\"");
    }
  }

  @Test
  void aTerminalGetsALiveViewOfTheStagesAndTheCellEachIsAt() throws Exception {
    notebook(
        "1-slow.ipynb",
        "int ms = 3000;",
        "%stage slow",
        "Thread.sleep(ms);",
        "Factory.output(\"slow\", Table.create(\"slow\", IntColumn.indexColumn(\"x\", 3, 0)));");
    notebook(
        "2-after.ipynb", "", "%stage after", "Factory.output(\"after\", Factory.table(\"slow\"));");
    assertThat(FactoryProcess.run(dir, "init").exitCode()).isZero();
    // A real pseudo-terminal, from util-linux's script(1), as a person's shell would give.
    List<String> factory =
        FactoryProcess.builder(dir, Map.of(), "pipeline", "run", "stages").command();
    String quoted =
        factory.stream()
            .map(a -> "'" + a.replace("'", "'\\''") + "'")
            .collect(Collectors.joining(" "));
    ProcessBuilder pb =
        new ProcessBuilder("script", "-qec", quoted, "/dev/null")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().put("FACTORY_REGISTRY", dir.resolve(".factory").toString());
    pb.environment().put("TERM", "xterm");
    pb.environment().put("COLUMNS", "100");
    Process p = pb.start();
    String screen =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(screen).isZero();

    String up = "\033[2A"; // the two rows drawn again in place
    assertThat(screen).contains(up).contains("· after  waiting");
    assertThat(screen)
        .as("the slow stage's current cell, read from its log")
        .contains("cells | Thread.sleep(ms);");
    String last = screen.substring(screen.lastIndexOf(up));
    assertThat(last).contains("✓ slow succeeded in").contains("✓ after succeeded in");
    assertThat(screen).contains("2 ran, 0 up to date, 0 failed");
    assertThat(Files.readString(dir.resolve("output/slow.log")))
        .contains("Executing: 2/4 cells | Thread.sleep(ms);");
  }
}
