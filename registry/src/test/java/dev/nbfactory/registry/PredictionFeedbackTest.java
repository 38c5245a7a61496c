package dev.nbfactory.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.nbfactory.registry.PredictionRecord.Role;
import dev.nbfactory.registry.testing.TempRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outcomes join their predictions in the registry: through any handle, shadow rows included, each
 * outcome once. Runs on PostgreSQL too when {@code FACTORY_TEST_POSTGRES} is set, where the second
 * handle stands for another replica of the server.
 */
class PredictionFeedbackTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @RegisterExtension TempRegistry temp = new TempRegistry();

  private void logRequests(Registry registry, String... ids) {
    try (PredictionLog log = PredictionLog.open(registry, PredictionLogTest.servingRun(registry))) {
      for (int i = 0; i < ids.length; i++) {
        Instant at = T0.plusSeconds(i);
        PredictionRecord production = PredictionLogTest.production(ids[i], at, "yes");
        PredictionRecord shadow =
            PredictionRecord.shadow(ids[i], "churn", 4, at, production.features(), "no", null);
        log.appendAll(List.of(production, shadow));
      }
    }
  }

  @Test
  void aBatchWithUnknownIdsRecordsTheKnownOnesAndNamesTheOthers() {
    Registry registry = temp.get();
    logRequests(registry, "a", "b", "c");
    FeedbackResult result =
        registry
            .predictions()
            .recordFeedback(
                List.of(
                    new Outcome("a", "yes"),
                    new Outcome("nope", "yes"),
                    new Outcome("c", "no"),
                    // a shadow row's id is not one a client was given
                    new Outcome(PredictionRecord.shadowId("b", "churn", 4), "no")));
    assertThat(result.accepted()).containsExactly("a", "c");
    assertThat(result.ignored()).isEmpty();
    assertThat(result.unknown())
        .extracting(FeedbackResult.Refusal::message)
        .containsExactly("no prediction 'nope'", "no prediction 'b/shadow/churn@4'");
    assertThat(result.allAccepted()).isFalse();
    assertThat(registry.predictions().joined("churn", Role.PRODUCTION, T0, 10))
        .extracting(j -> j.prediction().id(), JoinedPrediction::actual, JoinedPrediction::correct)
        .containsExactlyInAnyOrder(tuple("a", "yes", true), tuple("c", "no", false));
  }

  @Test
  void feedbackGivenToAnotherReplicaJoinsAndShadowRowsJoinTheSameOutcome() {
    logRequests(temp.get(), "r1", "r2");
    try (Registry replica = Registry.open(temp.get().location(), Clock.systemUTC())) {
      assertThat(replica.predictions().recordFeedback(List.of(new Outcome("r2", "no"))).accepted())
          .containsExactly("r2");
    }
    Predictions predictions = temp.get().predictions();
    assertThat(predictions.joined("churn", Role.PRODUCTION, Instant.EPOCH, 10))
        .extracting(j -> j.prediction().id(), JoinedPrediction::actual)
        .containsExactly(tuple("r2", "no"));
    assertThat(predictions.joined("churn", Role.SHADOW, Instant.EPOCH, 10))
        .extracting(
            j -> j.prediction().id(),
            j -> j.prediction().requestId(),
            j -> j.prediction().modelVersion(),
            JoinedPrediction::correct)
        .containsExactly(tuple("r2/shadow/churn@4", "r2", 4, true));
    // A window that starts after the outcome arrived holds nothing.
    assertThat(predictions.joined("churn", Role.SHADOW, Instant.now().plusSeconds(60), 10))
        .isEmpty();
  }

  @Test
  void reSendingAnOutcomeCountsOnceAndTheFirstOutcomeStands() {
    Registry registry = temp.get();
    logRequests(registry, "x", "y");
    Predictions predictions = registry.predictions();
    predictions.recordFeedback(List.of(new Outcome("x", "yes")));
    try (Registry replica = Registry.open(registry.location(), Clock.systemUTC())) {
      FeedbackResult again =
          replica
              .predictions()
              .recordFeedback(
                  List.of(
                      new Outcome("x", "yes"),
                      new Outcome("x", "no"),
                      new Outcome("y", "no"),
                      new Outcome("y", "yes")));
      assertThat(again.accepted()).containsExactly("x", "y");
      assertThat(again.ignored())
          .extracting(FeedbackResult.Refusal::predictionId, FeedbackResult.Refusal::message)
          .containsExactly(
              tuple(
                  "x",
                  "prediction 'x' already has the outcome 'yes'; 'no' is ignored: the first outcome"
                      + " stands"),
              tuple(
                  "y",
                  "prediction 'y' already has the outcome 'no'; 'yes' is ignored: the first outcome"
                      + " stands"));
    }
    assertThat(predictions.joined("churn", Role.PRODUCTION, Instant.EPOCH, 10))
        .extracting(j -> j.prediction().id(), JoinedPrediction::actual)
        .containsExactlyInAnyOrder(tuple("x", "yes"), tuple("y", "no"));
    assertThat(predictions.joined("churn", Role.SHADOW, Instant.EPOCH, 10)).hasSize(2);
  }

  @Test
  void anOutcomeNeedsAnIdAndAnActual() {
    assertThatThrownBy(() -> new Outcome("a\nb", "yes"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("an outcome's prediction_id must be at most 300 characters");
    assertThatThrownBy(() -> new Outcome("a", null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("the outcome for 'a' has no actual");
    assertThat(temp.get().predictions().recordFeedback(List.of()).allAccepted()).isTrue();
  }

  @Test
  void aBatchLargerThanOneQueryChunkIsJudgedWhole() {
    Registry registry = temp.get();
    List<PredictionRecord> rows = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 1_234; i++) {
      rows.add(PredictionLogTest.production("big-" + i, T0.plusMillis(i), "yes"));
      outcomes.add(new Outcome((i % 100 == 7 ? "missing-" : "big-") + i, "yes"));
    }
    try (PredictionLog log = PredictionLog.open(registry, PredictionLogTest.servingRun(registry))) {
      log.appendAll(rows);
    }
    FeedbackResult result = registry.predictions().recordFeedback(outcomes);
    assertThat(result.unknown()).hasSize(13);
    assertThat(result.accepted()).hasSize(1_234 - 13);
    assertThat(registry.predictions().joined("churn", Role.PRODUCTION, T0, 5_000))
        .hasSize(1_234 - 13);
  }

  @Test
  void unsealedRowsComeOldestFirstWithTheirRoles() {
    Registry registry = temp.get();
    try (PredictionLog log = PredictionLog.open(registry, PredictionLogTest.servingRun(registry))) {
      // Logged out of time order, as concurrent requests commit.
      log.append(PredictionLogTest.production("late", T0.plusSeconds(5), "yes"));
      log.append(PredictionLogTest.production("early", T0, "no"));
      log.append(PredictionRecord.shadow("early", "churn", 4, T0.plusMillis(1), null, "yes", null));
      log.append(PredictionRecord.production("other", "fraud", 1, T0, null, "ok", null));
    }
    Predictions predictions = registry.predictions();
    assertThat(predictions.unsealed("churn", 10))
        .extracting(PredictionRecord::id, PredictionRecord::role)
        .containsExactly(
            tuple("early", Role.PRODUCTION),
            tuple("early/shadow/churn@4", Role.SHADOW),
            tuple("late", Role.PRODUCTION));
    assertThat(predictions.unsealed("churn", 1)).extracting(PredictionRecord::id).contains("early");
    assertThat(predictions.unsealed("fraud", 10))
        .extracting(PredictionRecord::id)
        .containsExactly("other");
  }
}
