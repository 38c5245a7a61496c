package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.testing.TempRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExperimentsTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();

  @Test
  void anExperimentKeepsItsGridAndMembersAndRunningItAgainReplacesThem() {
    Experiments experiments = temp.get().experiments();
    String hostile = "x'); DROP TABLE experiments; --";
    experiments.start(
        "sweep",
        "notebooks",
        "{\"axes\":{}}",
        null,
        List.of(Map.of("train.algorithm", "cart"), Map.of("train.algorithm", hostile)),
        "ada");
    experiments.finishMember("sweep", 2, "SUCCEEDED", Map.of("train", "r2", "ingest", "r0"));

    Experiments.Experiment got = experiments.get("sweep");
    assertThat(got.pipeline()).isEqualTo("notebooks");
    assertThat(got.createdBy()).isEqualTo("ada");
    assertThat(got.members())
        .extracting(Experiments.Member::index, Experiments.Member::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "RUNNING"),
            org.assertj.core.groups.Tuple.tuple(2, "SUCCEEDED"));
    assertThat(got.members().get(1).parameters()).containsEntry("train.algorithm", hostile);
    assertThat(got.members().get(1).runs()).containsEntry("train", "r2");

    experiments.start("sweep", "notebooks", "{}", null, List.of(Map.of("train.epochs", "5")), null);
    assertThat(experiments.get("sweep").members()).hasSize(1);
    assertThat(experiments.list())
        .extracting(Experiments.Experiment::name)
        .containsExactly("sweep");
  }

  @Test
  void anUnknownExperimentOrMemberIsNamedInTheError() {
    Experiments experiments = temp.get().experiments();
    assertThatThrownBy(() -> experiments.get("nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("factory pipeline run DIR --grid");
    experiments.start("a", "p", "{}", null, List.of(Map.of()), null);
    assertThatThrownBy(() -> experiments.get("b")).hasMessageContaining("there are a");
    assertThatThrownBy(() -> experiments.finishMember("a", 9, "FAILED", Map.of()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no member 9");
  }
}
