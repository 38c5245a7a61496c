package dev.nbfactory.magics.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.magics.magic.MimeBundle;
import dev.nbfactory.magics.magic.PromoteMagic;
import dev.nbfactory.registry.ConcurrencyPolicy;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.MisfirePolicy;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PromotionTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  static final String NOTEBOOK =
      "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {\"tags\": [\"parameters\"]},"
          + " \"source\": [\"int epochs = 2;\\n\", \"String algo = \\\"sgd\\\"; // the learner\"],"
          + " \"outputs\": [], \"execution_count\": null},"
          + " {\"cell_type\": \"code\", \"metadata\": {}, \"source\": \"epochs * 2\","
          + " \"outputs\": [], \"execution_count\": null}],"
          + " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}";

  private Path notebook() throws Exception {
    Path nb = temp.projectDir().resolve("train.ipynb");
    Files.writeString(nb, NOTEBOOK, StandardCharsets.UTF_8);
    return nb;
  }

  private PromoteMagic magic(Path nb) {
    return new PromoteMagic(
        temp::get, () -> Optional.of(nb), ParameterRules.basic(), () -> "alice");
  }

  @Test
  void theMagicPinsTheNotebookWithEveryOptionAndWhoPromotedIt() throws Exception {
    Path nb = notebook();
    MimeBundle shown =
        magic(nb)
            .run(
                List.of(
                    "--cron",
                    "30 2 * * *",
                    "--timezone",
                    "Europe/Berlin",
                    "-p",
                    "epochs",
                    "7",
                    "--misfire",
                    "all",
                    "--concurrency",
                    "replace",
                    "--retries",
                    "2",
                    "--retry-delay",
                    "1m",
                    "--timeout",
                    "1h30m",
                    "--on-failure",
                    "echo hi"),
                null);
    assertThat(shown.data().get("text/plain"))
        .contains("schedule 'train'")
        .contains("by alice")
        .contains("cron: 0 30 2 * * ? in Europe/Berlin")
        .doesNotContain("warning");
    Schedule s = temp.get().schedules().get("train");
    assertThat(s.cron()).isEqualTo("0 30 2 * * ?");
    assertThat(s.timeZone()).isEqualTo("Europe/Berlin");
    assertThat(s.parameters()).containsEntry("epochs", "7");
    assertThat(s.misfire()).isEqualTo(MisfirePolicy.ALL);
    assertThat(s.concurrency()).isEqualTo(ConcurrencyPolicy.REPLACE);
    assertThat(s.retries()).isEqualTo(2);
    assertThat(s.retryDelay()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(90));
    assertThat(s.onFailure()).isEqualTo("echo hi");
    assertThat(s.promotedBy()).isEqualTo("alice");

    // later edits change nothing until promoted again
    Files.writeString(nb, NOTEBOOK.replace("epochs * 2", "epochs * 3"), StandardCharsets.UTF_8);
    byte[] pinned = temp.get().store().read(s.notebookObject());
    assertThat(new String(pinned, StandardCharsets.UTF_8)).contains("epochs * 2");
  }

  @Test
  void undeclaredAndBadParametersBadCronAndUnknownZonesAreRefusedWithTheFix() throws Exception {
    Path nb = notebook();
    assertThatThrownBy(() -> magic(nb).run(List.of("--cron", "0 6 * * *", "-p", "rate", "1"), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("does not declare rate")
        .hasMessageContaining("it declares epochs, algo");
    assertThatThrownBy(
            () ->
                magic(nb).run(List.of("--cron", "0 6 * * *", "-p", "a;System.exit(1)", "1"), null))
        .hasMessageContaining("cannot be a parameter name");
    assertThatThrownBy(() -> magic(nb).run(List.of("--cron", "0 25 * * *"), null))
        .hasMessageContaining("invalid cron expression '0 25 * * *'");
    assertThatThrownBy(
            () -> magic(nb).run(List.of("--cron", "0 6 * * *", "--timezone", "Mars/Base"), null))
        .hasMessageContaining("unknown time zone 'Mars/Base'");
    assertThatThrownBy(() -> magic(nb).run(List.of("-p", "epochs", "1"), null))
        .hasMessageContaining("--cron");
    assertThatThrownBy(
            () -> magic(nb).run(List.of("--cron", "0 6 * * *", "--misfire", "later"), null))
        .hasMessageContaining("skip, once, all");
    assertThat(temp.get().schedules().list()).isEmpty();
  }

  static final String SECRET_NOTEBOOK =
      "{\"cells\": [{\"cell_type\": \"code\", \"metadata\": {\"tags\": [\"parameters\"]},"
          + " \"source\": \"%%params --not-secret maxTokens --secret host\\nString apiToken ="
          + " \\\"\\\";\\nint maxTokens = 100;\\nString host = \\\"db\\\";\\nString label ="
          + " \\\"a\\\";\","
          + " \"outputs\": [], \"execution_count\": null}],"
          + " \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}";

  /** Issue 16, item 1: a schedule holds a reference to a secret, never its value. */
  @Test
  void aSecretIsPromotedAsAReferenceAndItsValueIsRefused() throws Exception {
    Path nb = temp.projectDir().resolve("sec.ipynb");
    Files.writeString(nb, SECRET_NOTEBOOK, StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> magic(nb).run(List.of("--cron", "0 3 * * *", "-p", "apiToken", "s3cr3t"), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "apiToken is a secret, and a schedule keeps no secret's value: promote a reference,"
                + " -p apiToken env:API_TOKEN, and set API_TOKEN where the scheduler runs")
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(
            () -> magic(nb).run(List.of("--cron", "0 3 * * *", "-p", "host", "db.internal"), null))
        .hasMessageStartingWith("host is a secret");
    assertThat(temp.get().schedules().list()).isEmpty();

    MimeBundle shown =
        magic(nb)
            .run(
                List.of(
                    "--cron",
                    "0 3 * * *",
                    "-p",
                    "apiToken",
                    "env:API_TOKEN",
                    "-p",
                    "maxTokens",
                    "200",
                    "-p",
                    "label",
                    "env:LABEL"),
                null);

    assertThat(temp.get().schedules().get("sec").parameters())
        .containsEntry("apiToken", "env:API_TOKEN")
        .containsEntry("maxTokens", "200");
    assertThat(shown.data().get("text/plain"))
        .contains("apiToken=env:API_TOKEN")
        .contains(
            "warning: label is not a secret, so its value is the text 'env:LABEL'; to read it"
                + " from the environment, mark it: %%params --secret label");
  }

  @Test
  void withoutAKnownNotebookTheMagicAsksForThePath() {
    PromoteMagic magic =
        new PromoteMagic(temp::get, Optional::empty, ParameterRules.basic(), () -> "alice");
    assertThatThrownBy(() -> magic.run(List.of("--cron", "@daily"), null))
        .hasMessageContaining("%promote train.ipynb");
  }

  @Test
  void basicRulesReadDeclarationsNotStatements() {
    assertThat(
            ParameterRules.basic()
                .declared("int a = 1;\n// double b = 2;\nString c;\nfoo(d);\nList<String> e = x;"))
        .containsExactly("a", "c", "e");
  }

  @Test
  void aFolderIsPinnedWholeAsAPipelineFromAStageWithAMetricTrigger() throws Exception {
    Path folder = Files.createDirectories(temp.projectDir().resolve("notebooks"));
    Path ingest = folder.resolve("01-ingest.ipynb");
    Path train = folder.resolve("03-train.ipynb");
    Files.writeString(ingest, NOTEBOOK, StandardCharsets.UTF_8);
    Files.writeString(train, NOTEBOOK.replace("epochs * 2", "epochs * 3"), StandardCharsets.UTF_8);
    PromoteOptions options =
        PromoteOptions.parse(
            List.of(
                folder.toString(),
                "--on-metric",
                "cancer-model@production:live_accuracy < 0.92",
                "--on-drift",
                "psi > 0.25",
                "--from",
                "train"));
    Promotion promotion = new Promotion(temp.get(), ParameterRules.basic());
    Promotion.Result result =
        promotion.promotePipeline(
            folder,
            List.of(ingest, train),
            java.util.Set.of("ingest", "train"),
            options,
            "alice",
            temp.projectDir());
    Schedule s = temp.get().schedules().get("notebooks");
    assertThat(s.pipeline()).isTrue();
    assertThat(s.pipelineFrom()).isEqualTo("train");
    assertThat(s.cron()).isNull();
    assertThat(s.notebookFile()).isEqualTo("notebooks");
    assertThat(s.metric().onMetric()).isEqualTo("cancer-model@production:live_accuracy < 0.92");
    assertThat(s.metric().onDrift()).isEqualTo("cancer-model@production:psi > 0.25");
    assertThat(s.stageNotebooks().keySet()).containsExactly("01-ingest.ipynb", "03-train.ipynb");
    assertThat(new String(temp.get().store().read(s.stageNotebooks().get("03-train.ipynb"))))
        .contains("epochs * 3");
    assertThat(result.describe())
        .contains("2 stage notebooks (01-ingest.ipynb, 03-train.ipynb)")
        .contains("from stage 'train'")
        .contains("on-metric cancer-model@production:live_accuracy < 0.92 or on-drift")
        .contains("at most once per 1h")
        .contains("warning: no model 'cancer-model@production' yet");

    // Later edits change nothing until it is promoted again.
    Files.writeString(train, NOTEBOOK.replace("epochs * 2", "epochs * 4"), StandardCharsets.UTF_8);
    assertThat(new String(temp.get().store().read(s.stageNotebooks().get("03-train.ipynb"))))
        .contains("epochs * 3");

    assertThatThrownBy(
            () ->
                promotion.promotePipeline(
                    folder,
                    List.of(ingest, train),
                    java.util.Set.of("ingest", "train"),
                    PromoteOptions.parse(List.of("--on-metric", "m@p:psi > 1", "--from", "score")),
                    "alice",
                    temp.projectDir()))
        .hasMessageContaining("--from score: no such stage")
        .hasMessageContaining("[ingest, train]");
    assertThatThrownBy(
            () ->
                promotion.promotePipeline(
                    folder,
                    List.of(ingest, train),
                    java.util.Set.of("ingest", "train"),
                    PromoteOptions.parse(List.of("--cron", "@daily", "-p", "epochs", "3")),
                    "alice",
                    temp.projectDir()))
        .hasMessageContaining("-p is for one notebook");
    assertThatThrownBy(
            () ->
                promotion.promotePipeline(
                    folder,
                    List.of(ingest, train),
                    java.util.Set.of("ingest", "train"),
                    PromoteOptions.parse(List.of("--cron", "@daily", "--name", "train")),
                    "alice",
                    temp.projectDir()))
        .hasMessageContaining("also the name of one of its stages");
    assertThatThrownBy(
            () -> magic(ingest).run(List.of(folder.toString(), "--cron", "@daily"), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is a folder: promote a pipeline with 'factory promote");
    assertThatThrownBy(
            () -> magic(ingest).run(List.of("--cron", "@daily", "--from", "train"), null))
        .hasMessageContaining("--from train names a stage of a pipeline");
  }

  @Test
  void aNotebookMayHaveOnlyAMetricTrigger() throws Exception {
    Path nb = notebook();
    MimeBundle shown =
        magic(nb)
            .run(
                List.of(
                    "--on-metric",
                    "cancer-model@production:live_accuracy < 0.92",
                    "--cooldown",
                    "2h",
                    "--min-evidence",
                    "50"),
                null);
    assertThat(shown.data().get("text/plain"))
        .contains(
            "runs on-metric cancer-model@production:live_accuracy < 0.92 (at most once per 2h,"
                + " on 50 outcomes or decisions or more)");
    Schedule s = temp.get().schedules().get("train");
    assertThat(s.cron()).isNull();
    assertThat(s.pipeline()).isFalse();
    assertThat(s.metric().cooldown()).isEqualTo(Duration.ofHours(2));
    assertThat(s.metric().minEvidence()).isEqualTo(50);
  }
}
