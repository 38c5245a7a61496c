package dev.nbfactory.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.registry.testing.TempRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DiffCommandTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  private SampleFactory factory;

  @BeforeEach
  void record() {
    factory = new SampleFactory(temp.get());
  }

  @Test
  void showsOnlyWhatChangedSectionBySection() {
    String v1 = temp.get().resolve("churn-model@1").shortHash();
    String v2 = temp.get().resolve("churn-model@2").shortHash();

    Cli.Result result = Cli.in(temp, "diff", factory.train.shortId(), factory.retrain.shortId());

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines())
        .containsExactly(
            "diff "
                + factory.train.shortId()
                + " (train, SUCCEEDED, 2 h ago) → "
                + factory.retrain.shortId()
                + " (train, FAILED, 30 min ago)",
            "",
            "parameters",
            "  epochs  10  →  20",
            "",
            "outputs",
            "  churn-model  1 (" + v1 + ")  →  2 (" + v2 + ")",
            "",
            "metrics",
            "  accuracy  0.91  →  0.87",
            "  loss      0.25  →  (none)");
  }

  @Test
  void aRunComparedWithItselfHasNoDifferences() {
    Cli.Result result = Cli.in(temp, "diff", factory.train.id(), factory.train.shortId());
    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).hasSize(2).last().isEqualTo("no differences");
  }

  @Test
  void jsonHoldsBothIdsAndTheChanges() throws Exception {
    Cli.Result result =
        Cli.in(temp, "diff", factory.features.shortId(), factory.train.shortId(), "--json");

    JsonNode diff = new ObjectMapper().readTree(result.out());
    assertThat(diff.get("left").asText()).isEqualTo(factory.features.id());
    assertThat(diff.get("right").asText()).isEqualTo(factory.train.id());
    assertThat(diff.get("identical").asBoolean()).isFalse();
    assertThat(diff.get("parameters").findValuesAsText("key"))
        .containsExactly("api_key", "epochs", "learning_rate");
    JsonNode epochs = diff.get("parameters").get(1);
    assertThat(epochs.get("left").isNull()).isTrue();
    assertThat(epochs.get("right").asText()).isEqualTo("10");
    assertThat(diff.get("inputs").findValuesAsText("key")).containsExactly("customers", "features");
  }

  @Test
  void anUnknownRunIsOneLine() {
    Cli.Result result = Cli.in(temp, "diff", factory.train.shortId(), "0000aaaa");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errLines()).containsExactly("factory: no run with id starting '0000aaaa'");
  }
}
