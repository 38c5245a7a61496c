package dev.nbfactory.web.serve;

import dev.nbfactory.registry.ContentHash;
import dev.nbfactory.registry.PredictionLog;
import dev.nbfactory.registry.PredictionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * The decisions written to the registry's prediction log, group-committed ({@link PredictionLog}):
 * {@link #append} returns once they are durable. What a row keeps of the features sent is the
 * team's choice: all of them (JSON), their hash, or none; a shadow's row keeps the same.
 */
final class RegistryDecisionLog implements DecisionLog {

  /** What the log keeps of each row's features. */
  enum Features {
    ALL,
    HASH,
    NONE;

    static Features parse(String text) {
      try {
        return valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new dev.nbfactory.registry.InvalidInputException(
            "--log-features " + text + ": use all, hash or none");
      }
    }
  }

  private final PredictionLog log;
  private final Features features;

  RegistryDecisionLog(PredictionLog log, Features features) {
    this.log = log;
    this.features = features;
  }

  @Override
  public void append(Table rows, List<String> ids, Scored production, List<Scored> shadows) {
    Instant now = Instant.now();
    List<PredictionRecord> records = new ArrayList<>(ids.size() * (1 + shadows.size()));
    for (int r = 0; r < ids.size(); r++) {
      String kept = features(rows, r); // one text for the request's production and shadow rows
      records.add(record(production, r, ids.get(r), now, kept, false));
      for (Scored shadow : shadows) {
        records.add(record(shadow, r, ids.get(r), now, kept, true));
      }
    }
    log.appendAll(records); // one transaction: a request's shadow rows commit with production's
  }

  private static PredictionRecord record(
      Scored scored, int r, String requestId, Instant now, String features, boolean shadow) {
    ServedModel.Decision d = scored.decisions().get(r);
    String name = scored.model().version().name();
    int version = scored.model().version().version();
    String output = String.valueOf(d.output());
    String scores = d.scores() == null ? null : JsonText.scores(d.scores());
    return shadow
        ? PredictionRecord.shadow(requestId, name, version, now, features, output, scores)
        : PredictionRecord.production(requestId, name, version, now, features, output, scores);
  }

  private String features(Table rows, int r) {
    if (features == Features.NONE) {
      return null;
    }
    String json = JsonText.row(rows, r);
    return features == Features.ALL
        ? json
        : "sha256:" + ContentHash.of(json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    log.close();
  }
}
