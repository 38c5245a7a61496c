package dev.nbfactory.registry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * One decision a model server made, as the {@link PredictionLog} keeps it. A request's production
 * row has the request's own id, the one the client receives and later sends feedback for; a shadow
 * model's row for the same request has its own id ({@link #shadowId}) and the same {@code
 * requestId}, so an outcome for the request joins both.
 *
 * @param id the row's id: the request id for production, {@link #shadowId} for a shadow
 * @param requestId the id the client received, shared by every row of one request
 * @param model the name of the model artifact that decided
 * @param modelVersion that artifact's version, 1 or more
 * @param madeAt when the decision was made; kept to the millisecond
 * @param features the request's features as a JSON object, or a hash of them, or null when the
 *     server is told not to keep them
 * @param output the label or value the model gave, as text
 * @param scores class scores or other detail as JSON; may be null
 */
public record PredictionRecord(
    String id,
    String requestId,
    String model,
    int modelVersion,
    Role role,
    Instant madeAt,
    String features,
    String output,
    String scores) {

  /** Request ids are the server's UUIDs; the limit keeps a shadow id within {@link #MAX_ID}. */
  public static final int MAX_REQUEST_ID = 100;

  public static final int MAX_ID = 300;

  /** Which model of a request a row records. */
  public enum Role {
    /** The model whose answer the client received. */
    PRODUCTION,
    /** A model that scored the same request beside production; its answer was not sent. */
    SHADOW;

    /** The role as the {@code predictions.role} column spells it. */
    public String sqlName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Role ofSql(String text) {
      return Enums.parse(Role.class, text, "prediction role");
    }
  }

  public PredictionRecord {
    checkId(requestId, "request id", MAX_REQUEST_ID);
    checkId(id, "prediction id", MAX_ID);
    ArtifactNames.validate(model);
    if (modelVersion < 1) {
      throw new InvalidInputException(
          "prediction '" + id + "': model version must be 1 or more, not " + modelVersion);
    }
    String missing =
        role == null ? "role" : madeAt == null ? "time" : output == null ? "output" : null;
    if (missing != null) {
      throw new InvalidInputException("prediction '" + id + "' has no " + missing);
    }
    // The production row is the one feedback names, so its id must be the client's.
    if ((role == Role.PRODUCTION) != id.equals(requestId)) {
      throw new InvalidInputException(
          "prediction '"
              + id
              + "': a production row's id is its request id, a shadow row's is not ("
              + "use PredictionRecord.production or PredictionRecord.shadow)");
    }
    madeAt = madeAt.truncatedTo(ChronoUnit.MILLIS);
  }

  /** The row of the model whose answer the client receives; {@code id} is what it receives. */
  public static PredictionRecord production(
      String id,
      String model,
      int modelVersion,
      Instant madeAt,
      String features,
      String output,
      String scores) {
    return new PredictionRecord(
        id, id, model, modelVersion, Role.PRODUCTION, madeAt, features, output, scores);
  }

  /** The row of a shadow model for request {@code requestId}, joined to the same outcome. */
  public static PredictionRecord shadow(
      String requestId,
      String model,
      int modelVersion,
      Instant madeAt,
      String features,
      String output,
      String scores) {
    return new PredictionRecord(
        shadowId(requestId, model, modelVersion),
        requestId,
        model,
        modelVersion,
        Role.SHADOW,
        madeAt,
        features,
        output,
        scores);
  }

  /**
   * A shadow row's id: unique per request and shadow model version, and the same each time, so a
   * re-sent row is recognised as already logged.
   */
  public static String shadowId(String requestId, String model, int modelVersion) {
    return requestId + "/shadow/" + model + "@" + modelVersion;
  }

  /** Refuses an empty id, one longer than {@code max}, or one holding a control character. */
  static void checkId(String id, String what, int max) {
    if (id == null || id.isBlank()) {
      throw new InvalidInputException(what + " is empty");
    }
    if (id.length() > max || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new InvalidInputException(
          what + " must be at most " + max + " characters without control characters");
    }
  }
}
