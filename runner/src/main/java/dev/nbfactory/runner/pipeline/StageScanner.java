package dev.nbfactory.runner.pipeline;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookCode;
import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.runner.notebook.Cell;
import dev.nbfactory.runner.notebook.NotebookDocument;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a stage's name, inputs, outputs and raw files from its notebook's code cells, without
 * running it, by the rule of {@link NotebookCode} (also in the README); a notebook that names no
 * stage is named after its file, as the kernel names it.
 */
public final class StageScanner {
  private StageScanner() {}

  public static StageNotebook scan(Path notebook) {
    NotebookDocument doc = NotebookDocument.read(notebook);
    StringBuilder code = new StringBuilder();
    for (Cell c : doc.cells()) {
      if (c.isCode()) {
        code.append(c.source()).append('\n');
      }
    }
    NotebookCode read = NotebookCode.read(code.toString());
    String stage =
        read.stage().orElseGet(() -> FactorySession.stageNameFor(notebook)); // as the kernel does
    ArtifactNames.validateStage(stage);
    Set<String> outputs = new LinkedHashSet<>();
    read.names(NotebookCode.Kind.OUTPUT).forEach(ref -> outputs.add(name(ref)));
    return new StageNotebook(
        notebook,
        stage,
        read.names(NotebookCode.Kind.INPUT),
        outputs,
        read.names(NotebookCode.Kind.FILE));
  }

  private static String name(String ref) {
    int at = ref.indexOf('@');
    return at < 0 ? ref : ref.substring(0, at);
  }
}
