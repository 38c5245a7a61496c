package dev.nbfactory.web.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.ContentHash;
import dev.nbfactory.registry.PredictionLog;
import dev.nbfactory.registry.PredictionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The decisions written to the registry's prediction log, group-committed ({@link PredictionLog}):
 * {@link #append} returns once they are durable. What a row keeps of the features sent is the
 * team's choice: all of them (JSON), their hash, or none.
 */
final class RegistryDecisionLog implements DecisionLog {
  private static final ObjectMapper JSON = new ObjectMapper();

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
  public void append(
      ServedModel model, Table rows, List<ServedModel.Decision> decisions, List<String> ids) {
    Instant now = Instant.now();
    List<PredictionRecord> records = new ArrayList<>(decisions.size());
    for (int r = 0; r < decisions.size(); r++) {
      ServedModel.Decision d = decisions.get(r);
      records.add(
          PredictionRecord.production(
              ids.get(r),
              model.version().name(),
              model.version().version(),
              now,
              features(rows, r),
              String.valueOf(d.output()),
              d.scores() == null ? null : JSON.valueToTree(d.scores()).toString()));
    }
    log.appendAll(records);
  }

  private String features(Table rows, int r) {
    if (features == Features.NONE) {
      return null;
    }
    ObjectNode row = JSON.createObjectNode();
    for (Column<?> c : rows.columns()) {
      if (!c.isMissing(r)) {
        row.set(c.name(), JSON.valueToTree(c.get(r)));
      }
    }
    String json = row.toString();
    return features == Features.ALL
        ? json
        : "sha256:" + ContentHash.of(json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    log.close();
  }
}
