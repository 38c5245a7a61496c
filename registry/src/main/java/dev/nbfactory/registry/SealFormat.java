package dev.nbfactory.registry;

import java.util.List;
import java.util.Optional;

/**
 * How rows of the prediction log become the bytes of a dataset version when they are sealed ({@link
 * Predictions#seal}). The registry knows no table library: whoever seals encodes the rows as the
 * factory stores its tables, so a notebook reads the version back as one.
 */
public interface SealFormat {
  /**
   * The content of one dataset version.
   *
   * @param mediaType what the bytes are, as a table artifact records it
   * @param schema the columns, as a table artifact records them
   * @param bytes writes the bytes; called once, outside any transaction
   */
  record Encoded(String mediaType, List<Column> schema, ArtifactStore.ObjectWriter bytes) {
    public Encoded {
      schema = List.copyOf(schema);
    }
  }

  /** {@code MODEL.predictions}: one row per logged decision, in the order given. */
  Encoded predictions(String model, List<PredictionRecord> rows);

  /**
   * {@code MODEL.feedback}: every outcome so far, so a training stage that reads the newest version
   * has them all: the rows of {@code previous} (the newest version, when there is one), then one
   * row per production prediction of {@code rows} and its outcome, in order.
   */
  Encoded feedback(String model, List<JoinedPrediction> rows, Optional<ArtifactVersion> previous);
}
