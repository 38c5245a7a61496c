package dev.nbfactory.magics.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.testing.TempRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineageCutTest {
  @RegisterExtension final TempRegistry temp = new TempRegistry();

  @ParameterizedTest(name = "{0} of {1}")
  @CsvSource({
    "UPSTREAM, weekly",
    "UPSTREAM, scores",
    "DOWNSTREAM, raw-customers",
    "DOWNSTREAM, customers"
  })
  void cuttingADeeperWalkGivesWhatTheRegistryReturnsAtTheDepth(
      Lineage.Direction direction, String ref) {
    Registry registry = temp.get();
    LineagePipeline.record(registry);
    for (int depth = 0; depth <= 5; depth++) {
      Lineage expected = registry.lineage(ref, direction, depth);

      Lineage cut = LineageCut.of(registry.lineage(ref, direction, depth + 1), depth).lineage();

      assertThat(new HashSet<>(cut.edges()))
          .as("depth %d", depth)
          .isEqualTo(new HashSet<>(expected.edges()));
      assertThat(cut.edges()).hasSameSizeAs(expected.edges());
      assertThat(ids(cut)).isEqualTo(ids(expected));
      assertThat(cut.runs().stream().map(Run::id).collect(Collectors.toSet()))
          .isEqualTo(expected.runs().stream().map(Run::id).collect(Collectors.toSet()));
      assertThat(cut.depth()).isEqualTo(depth);
      assertThat(cut.root()).isEqualTo(expected.root());
    }
  }

  @ParameterizedTest(name = "depth {0}")
  @CsvSource({
    "0, weekly",
    "1, 'churn-model,roc,auc'",
    "2, customers",
    "3, raw-customers",
    "4, ''",
  })
  void marksTheVersionsAtTheCutThatHaveMoreHistory(int depth, String goesOn) {
    Registry registry = temp.get();
    LineagePipeline.record(registry);

    LineageCut cut = LineageCut.of(registry.upstream("weekly", depth + 1), depth);

    Set<String> expected =
        goesOn.isEmpty() ? Set.of() : Set.of(goesOn.replace(",", "@1,").concat("@1").split(","));
    assertThat(
            cut.goesOn().stream()
                .map(id -> cut.lineage().versionsById().get(id).ref())
                .collect(Collectors.toSet()))
        .isEqualTo(expected);
  }

  private static Set<Long> ids(Lineage lineage) {
    return lineage.versions().stream().map(ArtifactVersion::id).collect(Collectors.toSet());
  }
}
