package dev.nbfactory.web.serve;

import java.util.List;
import tech.tablesaw.api.Table;

/**
 * Where the server writes each decision before it answers. {@link #append} returns only once the
 * decisions are durable: an answer the client received is never lost.
 */
interface DecisionLog extends AutoCloseable {
  /** A log that keeps nothing, for {@code --no-decision-log} and benchmarks of the bare path. */
  DecisionLog NONE = (rows, ids, production, shadows) -> {};

  /** The decisions one model version made for a request's rows, in row order. */
  record Scored(ServedModel model, List<ServedModel.Decision> decisions) {}

  /**
   * Logs one request: production's decision for each row under {@code ids}, the ids the client
   * receives, and each shadow's decisions under the same request ids, all committed together.
   */
  void append(Table rows, List<String> ids, Scored production, List<Scored> shadows);

  @Override
  default void close() {}
}
