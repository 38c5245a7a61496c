package dev.nbfactory.runner.pipeline;

import java.nio.file.Path;
import java.util.Set;

/**
 * A notebook as a pipeline stage: its stage name and the artifact names it reads and writes, read
 * from its code by {@link StageScanner}.
 */
public record StageNotebook(Path path, String stage, Set<String> inputs, Set<String> outputs) {
  public StageNotebook {
    inputs = Set.copyOf(inputs);
    outputs = Set.copyOf(outputs);
  }
}
