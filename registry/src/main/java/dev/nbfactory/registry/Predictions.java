package dev.nbfactory.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The prediction log of a registry, from {@link Registry#predictions()}: outcomes that come back
 * for logged predictions, and the reads that live accuracy and sealing need. Rows are written by a
 * {@link PredictionLog}. Outcomes are joined in the registry, so they may arrive through any
 * handle, in any process, at any time after the prediction was logged.
 */
public final class Predictions {
  private final Database database;
  private final Clock clock;
  private final LogSealer sealer;

  Predictions(Database database, ArtifactStore store, Clock clock) {
    this.database = database;
    this.clock = clock;
    this.sealer = new LogSealer(database, store, clock);
  }

  Database database() {
    return database;
  }

  /**
   * Records outcomes, all in one transaction, each by the id the client received with its
   * prediction. The first outcome of a prediction stands: re-sending it is accepted and changes
   * nothing, a different actual later is ignored with a message. Unknown ids are reported each with
   * a message; the others are recorded all the same.
   */
  public FeedbackResult recordFeedback(List<Outcome> outcomes) {
    List<Outcome> batch = List.copyOf(outcomes);
    if (batch.isEmpty()) {
      return new FeedbackResult(List.of(), List.of(), List.of());
    }
    long now = clock.millis();
    return database.write(c -> FeedbackSql.record(c, batch, now));
  }

  /**
   * The rows of {@code model} in {@code role} whose request's outcome arrived at or after {@code
   * since}, newest outcome first, at most {@code limit}: a window for live accuracy. A shadow row
   * joins the outcome given for its request's production id.
   */
  public List<JoinedPrediction> joined(
      String model, PredictionRecord.Role role, Instant since, int limit) {
    ArtifactNames.validate(model);
    checkLimit(limit);
    return database.read(c -> PredictionSql.joined(c, model, role, since.toEpochMilli(), limit));
  }

  /**
   * The newest {@code limit} outcomes of one model version's rows in {@code role}, newest first:
   * the window live accuracy is measured over.
   */
  public List<JoinedPrediction> joined(
      ArtifactVersion model, PredictionRecord.Role role, int limit) {
    checkLimit(limit);
    return database.read(
        c -> PredictionSql.joinedOfVersion(c, model.name(), model.version(), role, limit));
  }

  /**
   * The newest {@code limit} decisions of one model version in {@code role}, outcome or not, newest
   * first: the window class shares and input drift are measured over.
   */
  public List<PredictionRecord> recent(
      ArtifactVersion model, PredictionRecord.Role role, int limit) {
    checkLimit(limit);
    return database.read(c -> PredictionSql.recent(c, model.name(), model.version(), role, limit));
  }

  /**
   * Up to {@code limit} rows of {@code model}, every role, that no dataset version has sealed yet,
   * oldest first.
   */
  public List<PredictionRecord> unsealed(String model, int limit) {
    ArtifactNames.validate(model);
    checkLimit(limit);
    return database.read(c -> PredictionSql.unsealed(c, model, limit));
  }

  /**
   * Seals what of {@code model}'s log no version has taken yet into dataset versions that serving
   * run {@code runId} wrote: {@code MODEL.predictions}, up to {@code maxRows} decisions of every
   * role, oldest first; and {@code MODEL.feedback}, up to {@code maxRows} production decisions
   * whose outcome came back, in arrival order. Each version and the marks on its rows commit in one
   * transaction, so a row is sealed exactly once, even by replicas sealing at the same time; a row
   * that commits late is sealed next time. The model versions that decided become the run's inputs.
   * Nothing waiting, nothing written.
   */
  public Seal seal(String runId, String model, SealFormat format, int maxRows) {
    ArtifactNames.validate(Seal.predictionsName(model));
    checkLimit(maxRows);
    return sealer.seal(runId, model, format, maxRows);
  }

  /** How many of {@code model}'s decisions wait to be sealed, counted up to {@code limit}. */
  public int countUnsealed(String model, int limit) {
    ArtifactNames.validate(model);
    checkLimit(limit);
    return database.read(c -> PredictionSql.countUnsealed(c, model, limit));
  }

  private static void checkLimit(int limit) {
    if (limit < 1) {
      throw new InvalidInputException("limit must be 1 or more, not " + limit);
    }
  }
}
