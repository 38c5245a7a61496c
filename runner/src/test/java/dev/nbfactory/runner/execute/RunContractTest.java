package dev.nbfactory.runner.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.RunKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunContractTest {
  @Test
  void aFiringTravelsWholeInOneVariable() {
    RunContract firing =
        RunContract.firing(
            "nightly",
            Instant.parse("2026-12-07T03:00:00Z"),
            2,
            false,
            "0123456789abcdef0123456789abcdef",
            "cron 0 3 * * *",
            true,
            Path.of("/tmp/x.runid"),
            Duration.ofMillis(1500));
    Map<String, String> env = firing.toEnvironment();
    assertThat(env).containsOnlyKeys(RunContract.ENV);
    assertThat(RunContract.fromEnvironment(env)).isEqualTo(firing);
  }

  @Test
  void noContractIsARunByHandAndAPipelineStageNamesItsPipeline() {
    assertThat(RunContract.fromEnvironment(Map.of())).isEqualTo(RunContract.headless());
    RunContract stage =
        RunContract.fromEnvironment(RunContract.pipelineStage("abc").toEnvironment());
    assertThat(stage.kind()).isEqualTo(RunKind.HEADLESS);
    assertThat(stage.parentRun()).isEqualTo("abc");
    assertThat(stage.heartbeat()).isEqualTo(RunContract.HEARTBEAT);
    assertThat(RunContract.scheduledElsewhere("s").kind()).isEqualTo(RunKind.SCHEDULED);
  }

  @Test
  void aMalformedContractSaysWhatIsWrongAndHowToRunByHand() {
    for (String bad :
        new String[] {
          "not json",
          "[]",
          "{\"kind\":\"NIGHTLY\"}",
          "{\"kind\":\"SCHEDULED\",\"claimFiring\":true}",
          "{\"kind\":\"SCHEDULED\",\"nominalTime\":\"yesterday\"}"
        }) {
      assertThatThrownBy(() -> RunContract.fromEnvironment(Map.of(RunContract.ENV, bad)))
          .as(bad)
          .isInstanceOf(FactoryException.class)
          .hasMessageContaining(RunContract.ENV)
          .hasMessageContaining("unset it to run by hand");
    }
  }

  @Test
  void everyOutcomeHasItsOwnExitCodeAndADeadJvmHasNone() {
    for (Outcome outcome : Outcome.values()) {
      assertThat(ExitCode.of(outcome.exitCode())).isPresent();
    }
    assertThat(KernelDeath.isDeath(ExitCode.OUT_OF_MEMORY)).isTrue();
    assertThat(KernelDeath.isDeath(137)).isTrue();
    assertThat(KernelDeath.isDeath(ExitCode.FIRING_TAKEN.code())).isFalse();
    assertThat(ExitCode.helpList()).containsEntry("5", ExitCode.FIRING_TAKEN.meaning());
  }
}
