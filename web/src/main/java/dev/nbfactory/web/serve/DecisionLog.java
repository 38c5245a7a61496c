package dev.nbfactory.web.serve;

import java.util.List;
import tech.tablesaw.api.Table;

/**
 * Where the server writes each decision before it answers. {@link #append} returns only once the
 * decisions are durable: an answer the client received is never lost.
 */
interface DecisionLog extends AutoCloseable {
  /** A log that keeps nothing, for {@code --log off} and benchmarks of the bare path. */
  DecisionLog NONE = (model, rows, decisions, ids) -> {};

  void append(
      ServedModel model, Table rows, List<ServedModel.Decision> decisions, List<String> ids);

  @Override
  default void close() {}
}
