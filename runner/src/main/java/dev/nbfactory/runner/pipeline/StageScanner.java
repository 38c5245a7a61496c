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
    String stage = null;
    Set<String> inputs = new LinkedHashSet<>();
    Set<String> optional = new LinkedHashSet<>();
    Set<String> outputs = new LinkedHashSet<>();
    Set<String> files = new LinkedHashSet<>();
    for (Cell c : doc.cells()) {
      if (!c.isCode()) {
        continue;
      }
      // Cell by cell, as the kernel reads them: a cell that is not Java spoils no other.
      NotebookCode read = NotebookCode.read(c.source());
      if (stage == null) {
        stage = read.stage().orElse(null);
      }
      inputs.addAll(read.names(NotebookCode.Kind.INPUT));
      optional.addAll(read.names(NotebookCode.Kind.OPTIONAL_INPUT));
      read.names(NotebookCode.Kind.OUTPUT).forEach(ref -> outputs.add(name(ref)));
      files.addAll(read.names(NotebookCode.Kind.FILE));
    }
    if (stage == null) {
      stage = FactorySession.stageNameFor(notebook); // as the kernel names it
    }
    ArtifactNames.validateStage(stage);
    optional.removeAll(inputs); // read for sure elsewhere in the notebook
    inputs.addAll(optional);
    return new StageNotebook(notebook, stage, inputs, optional, outputs, files);
  }

  private static String name(String ref) {
    int at = ref.indexOf('@');
    return at < 0 ? ref : ref.substring(0, at);
  }
}
