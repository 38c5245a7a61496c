package dev.nbfactory.runner.pipeline;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A notebook as a pipeline stage: its stage name, the artifact references it reads ({@code name},
 * {@code name@3}, {@code name@production}) and the artifact names it writes, read from its code by
 * {@link StageScanner}, and the raw files it reads ({@code Factory.file|csv("data/x.csv")}) as
 * written.
 *
 * @param optionalRefs those of {@code inputRefs} read only once a version exists ({@code
 *     Factory.tableIfPresent})
 */
public record StageNotebook(
    Path path,
    String stage,
    Set<String> inputRefs,
    Set<String> optionalRefs,
    Set<String> outputs,
    Set<String> files) {
  public StageNotebook {
    inputRefs = Collections.unmodifiableSet(new LinkedHashSet<>(inputRefs));
    optionalRefs = Collections.unmodifiableSet(new LinkedHashSet<>(optionalRefs));
    files = Collections.unmodifiableSet(new LinkedHashSet<>(files));
    outputs = Collections.unmodifiableSet(new LinkedHashSet<>(outputs));
  }

  /** The artifact names read, whatever version each reference picks. */
  public Set<String> inputs() {
    Set<String> names = new LinkedHashSet<>();
    for (String ref : inputRefs) {
      int at = ref.indexOf('@');
      names.add(at < 0 ? ref : ref.substring(0, at));
    }
    return names;
  }
}
