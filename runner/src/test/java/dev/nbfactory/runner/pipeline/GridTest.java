package dev.nbfactory.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The grid's parsing: cross products, explicit combinations, and bad input named with its fix. */
class GridTest {
  @Test
  void gridsMultiplyInTheOrderGivenTheFirstVaryingSlowest() {
    Grid grid =
        Grid.parse(List.of("train.algorithm=logistic,cart", "train.epochs=10,20,40"), null, null);
    assertThat(grid.members())
        .containsExactly(
            Map.of("train.algorithm", "logistic", "train.epochs", "10"),
            Map.of("train.algorithm", "logistic", "train.epochs", "20"),
            Map.of("train.algorithm", "logistic", "train.epochs", "40"),
            Map.of("train.algorithm", "cart", "train.epochs", "10"),
            Map.of("train.algorithm", "cart", "train.epochs", "20"),
            Map.of("train.algorithm", "cart", "train.epochs", "40"));
    assertThat(grid.byStage(4))
        .isEqualTo(Map.of("train", Map.of("algorithm", "cart", "epochs", "20")));
    assertThat(grid.json())
        .startsWith(
            "{\"axes\":{\"train.algorithm\":[\"logistic\",\"cart\"],\"train.epochs\":[\"10\"");
  }

  @Test
  void aFileGivesExplicitCombinationsTheirValuesAsWrittenTimesAnyGrid() {
    String yaml =
        """
        - train.algorithm: cart
          train.maxDepth: 4
        - train.algorithm: "x'); DROP TABLE runs; --"
          train.label: 'a "quoted", comma'
        """;
    Grid grid = Grid.parse(List.of("features.seed=1,2"), yaml, "grid.yaml");
    assertThat(grid.members()).hasSize(4);
    assertThat(grid.members().get(0))
        .isEqualTo(Map.of("train.algorithm", "cart", "train.maxDepth", "4", "features.seed", "1"));
    assertThat(grid.members().get(3))
        .containsEntry("train.algorithm", "x'); DROP TABLE runs; --")
        .containsEntry("train.label", "a \"quoted\", comma")
        .containsEntry("features.seed", "2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "epochs=1,2 | name the stage and the parameter, as STAGE.NAME",
        "train.epochs | give STAGE.NAME=V1,V2",
        "=1,2 | give STAGE.NAME=V1,V2",
        "train.epochs=1,,2 | a value is empty",
        "train.epochs=1,1 | a value is given twice",
      })
  void aBadGridSaysWhatIsWrongAndHowToWriteIt(String option, String message) {
    assertThatThrownBy(() -> Grid.parse(List.of(option), null, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aParameterGivenTwiceOrNoGridAtAllIsRefused() {
    assertThatThrownBy(() -> Grid.parse(List.of("t.a=1", "t.a=2"), null, null))
        .hasMessageContaining("--grid t.a is given twice");
    assertThatThrownBy(() -> Grid.parse(List.of(), null, null))
        .hasMessageContaining("the grid is empty");
    assertThatThrownBy(() -> Grid.parse(List.of("t.a=1"), "- t.a: 2\n", "g.yaml"))
        .hasMessageContaining("t.a is both in g.yaml and in --grid");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'train.epochs: [1, 2]' | must be a YAML list of combinations",
        "'[]' | must be a YAML list of combinations",
        "'- [1, 2]' | combination 1 is not a mapping of STAGE.NAME to a value",
        "'- train.epochs: [1, 2]' | is a list or mapping; give one value",
        "'- epochs: 3' | name the stage and the parameter",
        "'- {t.a: 1}\n- {t.a: 1}' | combination 2 repeats an earlier combination",
        "'- {t.a: 1, t.a: 2}' | g.yaml",
        "'- t.a: \"unclosed' | g.yaml is not valid YAML",
      })
  void aBadGridFileIsNamedWithTheCombinationAndTheFix(String yaml, String message) {
    assertThatThrownBy(() -> Grid.parse(List.of(), yaml, "g.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aTypoThatMakesAHugeGridIsRefused() {
    String thousand =
        String.join(
            ",", java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString).toList());
    assertThatThrownBy(() -> Grid.parse(List.of("t.a=" + thousand, "t.b=" + thousand), null, null))
        .hasMessageContaining("more than " + Grid.MAX_MEMBERS + " members");
  }
}
