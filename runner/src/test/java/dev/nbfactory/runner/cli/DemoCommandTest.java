package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's errors; the demo itself runs in {@code ExampleFactoryIT}, as real processes. */
class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void missingNotebooksAreOneClearErrorAndNothingRuns() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    Cli.Result result = Cli.run(Map.of(), dir, "demo", "--notebooks", "empty");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip())
        .isEqualTo(
            "factory: the demo notebooks are missing: "
                + dir.resolve("empty").resolve("01-ingest.ipynb")
                + " does not exist");
    assertThat(dir.resolve("demo")).doesNotExist();
  }

  @Test
  void theDefaultNotebooksAreThoseOfTheCheckoutFactoryHomeNames() {
    Cli.Result result =
        Cli.run(Map.of("FACTORY_HOME", dir.resolve("checkout").toString()), dir, "demo");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains(dir.resolve("checkout/notebooks/01-ingest.ipynb").toString());
  }
}
