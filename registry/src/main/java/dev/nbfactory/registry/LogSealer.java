package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Seals a model's prediction log into dataset versions. Rows are read and encoded outside any
 * transaction, so the write lock (and this process's one connection, which the prediction log's
 * writer shares) is held only to record the version and mark its rows, together: a crash leaves
 * either both or neither. Rows are marked only where no sealer took them first; a sealer that finds
 * some taken rolls back and reads again, so no row is sealed twice and none is lost; one that keeps
 * losing to other sealers leaves the rows to them.
 */
final class LogSealer {
  /** Reads a sealer makes before giving up on rows other sealers keep taking first. */
  private static final int MAX_ATTEMPTS = 8;

  private final Database database;
  private final ArtifactStore store;
  private final Clock clock;

  LogSealer(Database database, ArtifactStore store, Clock clock) {
    this.database = database;
    this.store = store;
    this.clock = clock;
  }

  /** A version sealed, and the rows it took. */
  private record Sealed(ArtifactVersion version, int rows) {}

  /** Another sealer marked some of the rows this one read; the transaction rolls back. */
  private static final class RowsTaken extends FactoryException {
    private static final long serialVersionUID = 1L;

    RowsTaken() {
      super("another sealer took some of the rows, or sealed a newer version, first");
    }
  }

  Seal seal(String runId, String model, SealFormat format, int maxRows) {
    Sealed predictions =
        seal(
            runId,
            Seal.predictionsName(model),
            SealSql.Table.PREDICTIONS,
            c -> PredictionSql.unsealed(c, model, maxRows),
            (rows, previous) -> format.predictions(model, rows),
            r -> r);
    Sealed feedback =
        seal(
            runId,
            Seal.feedbackName(model),
            SealSql.Table.FEEDBACK,
            c -> PredictionSql.unsealedFeedback(c, model, maxRows),
            (rows, previous) -> format.feedback(model, rows, previous),
            JoinedPrediction::prediction);
    return new Seal(
        predictions == null ? null : predictions.version(),
        predictions == null ? 0 : predictions.rows(),
        feedback == null ? null : feedback.version(),
        feedback == null ? 0 : feedback.rows());
  }

  private <R> Sealed seal(
      String runId,
      String name,
      SealSql.Table table,
      SqlWork<List<R>> unsealed,
      BiFunction<List<R>, Optional<ArtifactVersion>, SealFormat.Encoded> encode,
      Function<R, PredictionRecord> prediction) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      List<R> rows = database.read(unsealed);
      if (rows.isEmpty()) {
        return null;
      }
      // Feedback versions build on the newest (every outcome so far); prediction versions do not.
      boolean cumulative = table == SealSql.Table.FEEDBACK;
      Optional<ArtifactVersion> previous =
          cumulative ? database.read(c -> newest(c, name)) : Optional.empty();
      SealFormat.Encoded encoded = encode.apply(rows, previous);
      StoredObject object = store.write(encoded.bytes());
      OutputSpec spec =
          new OutputSpec(
              name,
              ArtifactKind.DATASET,
              object.hash(),
              object.size(),
              encoded.mediaType(),
              encoded.schema(),
              null);
      List<String> ids = rows.stream().map(r -> prediction.apply(r).id()).toList();
      Set<String> models = new LinkedHashSet<>();
      rows.forEach(
          r -> models.add(prediction.apply(r).model() + "@" + prediction.apply(r).modelVersion()));
      try {
        ArtifactVersion version =
            database.write(
                c -> {
                  database.dialect().lockForSeal(c);
                  // a version that builds on the newest must still build on the newest
                  if (cumulative
                      && !newest(c, name)
                          .map(ArtifactVersion::id)
                          .equals(previous.map(ArtifactVersion::id))) {
                    throw new RowsTaken();
                  }
                  // a concurrent gc keeps the object until the version that points at it commits
                  store.freshen(object.hash());
                  SqlWriter writer = new SqlWriter(c, clock);
                  ArtifactVersion v = writer.logOutput(runId, spec);
                  if (SealSql.mark(c, table, ids, v.id()) != ids.size()) {
                    throw new RowsTaken();
                  }
                  for (String ref : models) {
                    logModel(writer, runId, ref);
                  }
                  return v;
                });
        return new Sealed(version, rows.size());
      } catch (RowsTaken e) {
        // read again, after a random pause so replicas that keep colliding drift apart
        pause(attempt);
      }
    }
    // Other sealers kept taking the rows first: they are being sealed, just not by this one.
    return null;
  }

  private static Optional<ArtifactVersion> newest(Connection c, String name) throws SQLException {
    try {
      return Optional.of(SqlReader.resolve(c, ArtifactRef.parse(name)));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(10L * attempt, 50L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FactoryException("interrupted while sealing the prediction log", e);
    }
  }

  /**
   * The model versions that made the rows are inputs of the sealing run, so lineage runs from a
   * sealed version to them. A server's run has them already; a version not in the registry (rows
   * logged for a model stored elsewhere) is no input.
   */
  private static void logModel(SqlWriter writer, String runId, String ref) {
    try {
      writer.logInput(runId, ref);
    } catch (NotFoundException e) {
      // nothing to point at
    }
  }
}
