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
}
