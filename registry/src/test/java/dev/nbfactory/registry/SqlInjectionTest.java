package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.testing.TempRegistry;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlInjectionTest {
  @RegisterExtension TempRegistry temp = new TempRegistry();
  private Map<String, Long> before;

  @BeforeEach
  void fill() {
    Registry registry = temp.get();
    for (String stage : new String[] {"ingest", "train"}) {
      Run run = registry.startRun(RunStart.builder(stage).build());
      registry.logParameters(run.id(), Map.of("p", 1), Set.of());
      registry.putOutput(
          run.id(), stage + "-out", ArtifactKind.DATASET, "text/csv", stage.getBytes());
      registry.finishRun(run.id(), RunStatus.SUCCEEDED, null);
    }
    before = registry.counts();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"' OR 1=1--", "ingest' OR '1'='1", "x'; DROP TABLE runs;--", ";DROP TABLE runs"})
  void filterValuesAreBoundNotSpliced(String hostile) {
    Registry registry = temp.get();
    assertThat(registry.runs(RunQuery.all().withStage(hostile))).isEmpty();
    assertThat(registry.stageHistory(hostile)).isEmpty();
    assertThatThrownBy(() -> registry.runs(RunQuery.all().withStatus(RunStatus.parse(hostile))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown run status");
    assertThatThrownBy(() -> RunQuery.Sort.parse(hostile))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("use one of started, ended, stage, status, kind, duration");
    assertThatThrownBy(() -> registry.resolve(hostile)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> registry.run(hostile)).isInstanceOf(InvalidInputException.class);
    assertThat(registry.counts()).isEqualTo(before);
    assertThat(registry.runs(RunQuery.all())).hasSize(2);
  }

  @Test
  void everySortKeyWorks() {
    Registry registry = temp.get();
    for (RunQuery.Sort sort : RunQuery.Sort.values()) {
      assertThat(registry.runs(RunQuery.all().sortedBy(sort, true))).hasSize(2);
    }
    assertThat(registry.runs(RunQuery.all().sortedBy(RunQuery.Sort.STAGE, true)))
        .extracting(Run::stage)
        .containsExactly("ingest", "train");
    assertThat(registry.runs(RunQuery.all().limit(1))).hasSize(1);
  }
}
