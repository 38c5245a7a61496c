package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.testing.TempRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every command shares: help, version, exit codes, errors and choosing the registry. */
class FactoryCliTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  @TempDir Path elsewhere;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "init",
        "runs",
        "show",
        "artifacts",
        "lineage",
        "diff",
        "alias",
        "alias set",
        "alias list",
        "alias history",
        "alias remove",
        "verify",
        "gc"
      })
  void everyCommandHasHelp(String command) {
    String[] words = command.isEmpty() ? new String[0] : command.split(" ");
    String[] args = java.util.Arrays.copyOf(words, words.length + 1);
    args[words.length] = "--help";

    Cli.Result result = Cli.in(temp, args);

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .startsWith("Usage: factory" + (command.isEmpty() ? "" : " " + command) + " ")
        .contains("-h, --help");
  }

  @Test
  void jshellIsPrestartedOnlyForCommandsThatRunANotebookInThisJvm() {
    assertThat(FactoryCli.runsANotebookHere("run", "nb.ipynb", "out.ipynb", "-p", "a", "1"))
        .isTrue();
    assertThat(FactoryCli.runsANotebookHere("--registry", "run", "run", "nb.ipynb")).isTrue();
    assertThat(FactoryCli.runsANotebookHere("warm-up")).isTrue();
    assertThat(FactoryCli.runsANotebookHere("run", "nb.ipynb", "--cwd", "elsewhere")).isFalse();
    assertThat(FactoryCli.runsANotebookHere("run", "nb.ipynb", "--cwd=elsewhere")).isFalse();
    assertThat(FactoryCli.runsANotebookHere("run", "nb.ipynb", "--prepare-only")).isFalse();
    assertThat(FactoryCli.runsANotebookHere("run", "--help")).isFalse();
    assertThat(FactoryCli.runsANotebookHere("runs", "--stage", "run")).isFalse();
    assertThat(FactoryCli.runsANotebookHere("pipeline", "run", "notebooks")).isFalse();
    assertThat(FactoryCli.runsANotebookHere()).isFalse();
  }

  @Test
  void helpCommandShowsACommandsHelp() {
    Cli.Result result = Cli.in(temp, "help", "lineage");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Usage: factory lineage").contains("--downstream");
  }

  @Test
  void promoteHelpNeedsNoRegistryAndListsEveryOptionItParses() {
    Cli.Result result = Cli.in(temp, "promote", "--help");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("Usage: factory promote");
    for (String option : dev.nbfactory.magics.schedule.PromoteOptions.OPTION_HELP) {
      assertThat(result.out()).contains("  " + option.substring(0, 21).strip());
    }
    assertThat(result.outLines()).allSatisfy(line -> assertThat(line.length()).isLessThan(81));
  }

  /** Issue 16, item 10: JSON nested past Jackson's limit is a one-line error and exit code 2. */
  @Test
  void aNotebookNestedTooDeepIsBadInputNotABug() throws Exception {
    java.nio.file.Path stages = java.nio.file.Files.createDirectories(elsewhere.resolve("stages"));
    String deep = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
    java.nio.file.Files.writeString(
        stages.resolve("deep.ipynb"),
        "{\"cells\": [], \"metadata\": {\"deep\": "
            + deep
            + "}, \"nbformat\": 4, \"nbformat_minor\": 5}");
    Cli.Result plan = Cli.in(temp, "pipeline", "plan", stages.toString());
    assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
    assertThat(plan.errLines())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("deep.ipynb is not valid JSON: Document nesting depth")
        .doesNotContain("unexpected");
  }

  /** Issue 16, item 14: option values picocli cannot check are usage errors, exit code 2. */
  @Test
  void badOptionValuesAreUsageErrors() {
    Cli.Result jobs = Cli.in(temp, "pipeline", "run", ".", "--jobs", "0");
    assertThat(jobs.exitCode()).isEqualTo(2);
    assertThat(jobs.err()).contains("--jobs must be 1 or more, not 0").doesNotContain("at a time");
    Cli.Result grace = Cli.in(temp, "scheduler", "--once", "--grace", "0");
    assertThat(grace.exitCode()).isEqualTo(2);
    assertThat(grace.err()).contains("--grace");
  }

  @Test
  void runHelpListsTheExitCodes() {
    Cli.Result result = Cli.in(temp, "run", "--help");
    assertThat(result.out()).contains("Exit codes:");
    for (var code : dev.nbfactory.runner.execute.ExitCode.values()) {
      assertThat(result.out())
          .containsPattern("(?m)^  " + code.code() + " +" + "\\Q" + code.meaning());
    }
  }

  @Test
  void versionNamesTheBuild() {
    Cli.Result result = Cli.in(temp, "--version");
    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines().get(0)).matches("factory \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void noCommandPrintsUsageAsAUsageError() {
    Cli.Result result = Cli.in(temp);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("Usage: factory").contains("lineage");
  }

  @Test
  void aMistypedCommandIsOneLineWithASuggestion() {
    Cli.Result result = Cli.in(temp, "lineag", "x");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines())
        .containsExactly(
            "factory: unknown command 'lineag'; did you mean 'lineage'? (see 'factory --help')");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Cli.Result result = Cli.in(temp, "runs", "--colour");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err())
        .startsWith("factory: ")
        .contains("--colour")
        .contains("factory runs --help");
  }

  @Test
  void aMissingArgumentIsAUsageError() {
    Cli.Result result = Cli.in(temp, "diff", "abcd");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errLines()).hasSize(1);
    assertThat(result.err()).contains("RUN2").contains("factory diff --help");
  }

  @Test
  void noRegistryFoundIsOneLineSayingWhatToDo() throws Exception {
    Path project = Files.createDirectories(elsewhere.resolve("empty-project"));
    Cli.Result result = Cli.run(Map.of(), project, "--registry", project.toString(), "runs");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines())
        .containsExactly(
            "factory: no registry at "
                + project.resolve(".factory")
                + " (from --registry): run 'factory init' to create one, or give --registry"
                + " LOCATION");
    assertThat(Files.exists(project.resolve(".factory"))).as("nothing created").isFalse();
  }

  @Test
  void discoveryFindsTheNearestFactoryFolderAbove() throws Exception {
    new SampleFactory(temp.get());
    Path nested = Files.createDirectories(temp.projectDir().resolve("notebooks/deep"));
    Cli.Result result = Cli.run(Map.of(), nested, "runs", "--stage", "ingest");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("ingest");
  }

  @Test
  void registryOptionAndVariableOverrideDiscoveryEitherSideOfTheCommand() {
    new SampleFactory(temp.get());
    String folder = temp.folder().toString();

    Cli.Result before =
        Cli.run(Map.of(), elsewhere, "--registry", folder, "runs", "--stage", "ingest");
    Cli.Result after =
        Cli.run(Map.of(), elsewhere, "runs", "--stage", "ingest", "--registry", folder);
    Cli.Result relative =
        Cli.run(
            Map.of(),
            temp.projectDir().getParent(),
            "runs",
            "--registry",
            temp.projectDir().getFileName().toString());
    Cli.Result variable =
        Cli.run(Map.of("FACTORY_REGISTRY", folder), elsewhere, "runs", "--stage", "ingest");

    for (Cli.Result result : new Cli.Result[] {before, after, relative, variable}) {
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).contains("ingest");
    }
  }

  @Test
  void aPasswordInARegistryUrlIsNeverPrinted() {
    String url = "jdbc:postgresql://factory:s3cr3t-pw@127.0.0.1:1/factory?password=s3cr3t-pw";

    Cli.Result plain = Cli.run(Map.of(), elsewhere, "--registry", url, "runs");
    Cli.Result debug = Cli.run(Map.of("FACTORY_DEBUG", "1"), elsewhere, "--registry", url, "runs");
    Cli.Result fromEnv = Cli.run(Map.of("FACTORY_REGISTRY", url), elsewhere, "runs");

    assertThat(plain.exitCode()).isEqualTo(1);
    assertThat(plain.errLines()).hasSize(1);
    assertThat(plain.err()).startsWith("factory: cannot open the registry at jdbc:postgresql://");
    assertThat(debug.errLines().size()).as("a stack trace").isGreaterThan(5);
    for (Cli.Result result : new Cli.Result[] {plain, debug, fromEnv}) {
      assertThat(result.err()).doesNotContain("s3cr3t").contains("********");
      assertThat(result.out()).doesNotContain("s3cr3t");
    }
  }

  @Test
  void stackTracesOnlyWithFactoryDebug() {
    Cli.Result quiet = Cli.in(temp, "show", "abcdef12");
    Cli.Result debug = Cli.run(Map.of("FACTORY_DEBUG", "1"), temp.projectDir(), "show", "abcdef12");

    assertThat(quiet.exitCode()).isEqualTo(1);
    assertThat(quiet.errLines()).containsExactly("factory: no run with id starting 'abcdef12'");
    assertThat(debug.exitCode()).isEqualTo(1);
    assertThat(debug.errLines().get(0)).isEqualTo("factory: no run with id starting 'abcdef12'");
    assertThat(debug.err()).contains("NotFoundException").contains("\tat ");
  }

  @Test
  void redactionKeepsTheRestOfTheLine() {
    assertThat(
            ErrorReporter.redact(
                "cannot reach jdbc:postgresql://u:pw@db/x?password=pw now", java.util.Set.of()))
        .isEqualTo("cannot reach jdbc:postgresql://u:********@db/x?password=******** now");
    assertThat(ErrorReporter.redact("unknown host u:longpass@db", java.util.Set.of("longpass")))
        .isEqualTo("unknown host u:********@db");
  }

  /**
   * Found by CommandLineFuzzTest: an output that is a folder, or that cannot be written, was an
   * "unexpected FileSystemException" (a NullPointerException for "/" in run and new), and a path
   * with a NUL character named Java's exception; each is now one line saying what is wrong.
   */
  @Test
  void outputsThatCannotBeWrittenAreOneLineErrors() throws Exception {
    Path notebook = elsewhere.resolve("nb.ipynb");
    Files.writeString(
        notebook, "{\"cells\": [], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
    Path folder = Files.createDirectories(elsewhere.resolve("folder"));
    Path file = Files.writeString(elsewhere.resolve("file"), "x");
    assertThat(Cli.in(temp, "promote", notebook.toString(), "--cron", "0 6 * * *", "--name", "s"))
        .extracting(Cli.Result::exitCode)
        .isEqualTo(0);
    String nb = notebook.toString();
    List<String[]> commands =
        List.of(
            new String[] {"run", nb, folder.toString(), "--prepare-only"},
            new String[] {"run", nb, "/", "--prepare-only"},
            new String[] {"run", nb, "/proc/x", "--prepare-only"},
            new String[] {"export", "airflow", "s", "-o", folder.toString()},
            new String[] {"export", "k8s-cronjob", "s", "-o", "/proc/x"},
            new String[] {"new", "/proc/x.ipynb", "--template", "csv-ingest"},
            new String[] {"new", "/", "--template", "csv-ingest", "--force"},
            new String[] {"pipeline", "run", nb, "--output-dir", file.toString()},
            new String[] {"pipeline", "plan", "a\0b"});
    for (String[] command : commands) {
      Cli.Result result = Cli.in(temp, command);
      assertThat(result.exitCode()).as(String.join(" ", command)).isIn(1, 2);
      assertThat(result.errLines())
          .as(String.join(" ", command))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith("factory")
          .doesNotContain("unexpected")
          .doesNotContain("java.")
          .doesNotContain("\0");
    }
  }
}
