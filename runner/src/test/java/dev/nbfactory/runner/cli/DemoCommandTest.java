package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void theDemoRunsShowsTheReportsLineageAndIsUpToDateTheSecondTime() throws Exception {
    Map<String, String> env = Map.of("FACTORY_HOME", Path.of("..").toAbsolutePath().toString());
    Cli.Result first = Cli.run(env, dir, "demo");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("ingest   ran")
        .contains("profile  ran")
        .contains("breast-cancer-profile@1 (report,")
        .contains("└─ ingest run")
        .contains("breast-cancer-raw@1 (dataset,")
        .contains("report: " + dir.resolve("demo/reports/breast-cancer-profile.md"));
    assertThat(Files.readString(dir.resolve("demo/reports/breast-cancer-profile.md")))
        .contains("| mean_radius |");

    Cli.Result second = Cli.run(env, dir, "demo");
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("ingest   up to date").contains("profile  up to date");

    // The registry it made answers the commands it points the user to.
    Cli.Result runs = Cli.run(Map.of(), dir, "--registry", "demo", "runs");
    assertThat(runs.exitCode()).isZero();
    assertThat(runs.outLines()).hasSize(3);
  }

  @Test
  void missingDataIsOneClearError() {
    Cli.Result result = Cli.run(Map.of(), dir, "demo", "--data", "nope.csv");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip())
        .startsWith("factory: the demo data ")
        .contains("nope.csv is missing");
  }
}
