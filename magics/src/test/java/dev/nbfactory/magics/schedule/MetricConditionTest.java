package dev.nbfactory.magics.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.MetricTrigger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricConditionTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cancer-model@production:live_accuracy < 0.92 | cancer-model@production | live_accuracy"
            + " | live_accuracy | < | 0.92 | OUTCOMES",
        "  m@3 : live_rmse>=12.5  | m@3 | live_rmse | live_rmse | >= | 12.5 | OUTCOMES",
        "m@production:psi > 0.25 | m@production | psi | psi_max | > | 0.25 | DECISIONS",
        "m@production:psi_max <= 1 | m@production | psi | psi_max | <= | 1 | DECISIONS",
        "m@shadow:psi.mean radius > .2 | m@shadow | psi.mean radius | psi.mean radius | > | 0.2"
            + " | DECISIONS",
      })
  void readsModelMetricOperatorAndThreshold(
      String text,
      String model,
      String metric,
      String key,
      String operator,
      double threshold,
      MetricCondition.Evidence evidence) {
    MetricCondition c = MetricCondition.metric(text);
    assertThat(c.model()).isEqualTo(model);
    assertThat(c.metric()).isEqualTo(metric);
    assertThat(c.key()).isEqualTo(key);
    assertThat(c.operator()).isEqualTo(operator);
    assertThat(c.threshold()).isEqualTo(threshold);
    assertThat(c.evidence()).isEqualTo(evidence);
    assertThat(MetricCondition.metric(c.text())).as("the stored text reads back").isEqualTo(c);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | is not a condition",
        "live_accuracy | is not a condition",
        "m@p:live_accuracy < | is not a condition",
        "m@p:live_accuracy = 0.9 | the operator '=' is not one of <, <=, >, >=",
        "m@p:live_accuracy == 0.9 | the operator '==' is not one of",
        "m@p:live_accuracy != 0.9 | the operator '!=' is not one of",
        "m@p:accuracy < 0.9 | unknown metric 'accuracy'; use live_accuracy, live_rmse, psi",
        "m@p:psi. > 0.9 | unknown metric 'psi.'",
        "m@p:live_accuracy < high | 'high' is not a number",
        "m@p:live_accuracy < NaN | 'NaN' is not a number",
        "live_accuracy < 0.9 | names no model: write MODEL@ALIAS:live_accuracy < 0.9",
        "cancer-model:live_accuracy < 0.9 | say which version of 'cancer-model' to watch, as"
            + " cancer-model@production",
      })
  void malformedConditionsAreRefusedWithTheFix(String text, String message) {
    assertThatThrownBy(() -> MetricCondition.metric(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("--on-metric '" + text + "'")
        .hasMessageContaining(message);
  }

  @Test
  void aBareDriftConditionTakesTheModelOfOnMetricAndElseNamesTheFix() {
    assertThat(MetricCondition.drift("psi > 0.25", "cancer-model@production").text())
        .isEqualTo("cancer-model@production:psi > 0.25");
    assertThat(MetricCondition.drift("other@2:psi.age > 0.1", "cancer-model@production").model())
        .isEqualTo("other@2");
    assertThatThrownBy(() -> MetricCondition.drift("psi > 0.25", null))
        .hasMessageContaining("names no model and there is no --on-metric to take it from")
        .hasMessageContaining("cancer-model@production:psi > 0.25");
    assertThatThrownBy(() -> MetricCondition.drift("m@p:live_accuracy < 0.9", null))
        .hasMessageContaining("--on-drift watches psi")
        .hasMessageContaining("goes in --on-metric");
  }

  @Test
  void itHoldsByItsOperatorReadsItsFigureAndSaysWhy() {
    MetricCondition below = MetricCondition.metric("m@production:live_accuracy < 0.92");
    assertThat(below.holds(0.87)).isTrue();
    assertThat(below.holds(0.92)).isFalse();
    assertThat(MetricCondition.metric("m@p:live_accuracy <= 0.92").holds(0.92)).isTrue();
    assertThat(MetricCondition.metric("m@p:psi >= 0.25").holds(0.25)).isTrue();
    assertThat(MetricCondition.metric("m@p:psi > 0.25").holds(0.25)).isFalse();
    assertThat(below.value(Map.of("live_accuracy", 0.87))).hasValue(0.87);
    assertThat(below.value(Map.of("psi_max", 0.3))).isEmpty();
    assertThat(MetricCondition.metric("m@p:psi > 0.25").value(Map.of("psi_max", 0.3)))
        .hasValue(0.3);
    assertThat(below.reason(0.8712345, 120))
        .isEqualTo("m@production:live_accuracy 0.8712 < 0.92 over 120 outcomes");
    assertThat(MetricCondition.metric("m@p:psi > 0.25").reason(0.5, 40))
        .isEqualTo("m@p:psi 0.5 > 0.25 over 40 decisions");
  }

  @Test
  void promoteOptionsReadTheTriggerFormWithItsDefaultsAndRefuseStrayOptions() {
    PromoteOptions o =
        PromoteOptions.parse(
            List.of(
                "notebooks",
                "--on-metric",
                "cancer-model@production:live_accuracy < 0.92",
                "--on-drift=psi > 0.25",
                "--cooldown",
                "30m",
                "--from",
                "train"));
    assertThat(o.metricTrigger())
        .isEqualTo(
            new MetricTrigger(
                "cancer-model@production:live_accuracy < 0.92",
                "cancer-model@production:psi > 0.25",
                Duration.ofMinutes(30),
                30));
    assertThat(o.from()).isEqualTo("train");
    PromoteOptions defaults =
        PromoteOptions.parse(List.of("x.ipynb", "--on-drift", "m@p:psi > 0.2"));
    assertThat(defaults.metricTrigger().cooldown()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.metricTrigger().minEvidence()).isEqualTo(30);
    assertThat(defaults.cron()).isNull();
    assertThat(
            PromoteOptions.parse(
                    List.of("x.ipynb", "--on-metric", "m@p:live_rmse > 3", "--min-evidence", "5"))
                .minEvidence())
        .isEqualTo(5);
    assertThatThrownBy(
            () -> PromoteOptions.parse(List.of("x.ipynb", "--cooldown", "1h", "--cron", "@daily")))
        .hasMessageContaining("--cooldown applies to a metric trigger");
    assertThatThrownBy(
            () ->
                PromoteOptions.parse(
                    List.of("x.ipynb", "--on-metric", "m@p:psi > 1", "--min-evidence", "0")))
        .hasMessageContaining("--min-evidence must be 1 or more");
    assertThatThrownBy(() -> PromoteOptions.parse(List.of("x.ipynb", "--on-drift", "psi > 1")))
        .hasMessageContaining("no --on-metric to take it from");
    assertThatThrownBy(() -> PromoteOptions.parse(List.of("x.ipynb")))
        .hasMessageContaining("--on-metric \"" + MetricCondition.EXAMPLE + "\"");
  }
}
