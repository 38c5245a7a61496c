package dev.nbfactory.runner.pipeline;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.runner.notebook.Cell;
import dev.nbfactory.runner.notebook.NotebookDocument;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a stage's name, inputs and outputs from its notebook, without running it. The rule, also in
 * the README:
 *
 * <ul>
 *   <li>stage: {@code %stage NAME} or {@code Factory.stage("NAME")}; else the file name without
 *       {@code .ipynb}, other characters than letters, digits, '.', '_' and '-' made '-';
 *   <li>inputs: {@code %input NAME[@V]}, and {@code Factory.input|table|model|path("NAME[@V]")};
 *   <li>outputs: {@code %output VAR as NAME}, and {@code Factory.output("NAME", ...)};
 *   <li>raw files: {@code Factory.file|csv("PATH"[, ...])}.
 * </ul>
 *
 * Only names written as a whole string literal count; a name computed at run time, even in part
 * ({@code Factory.table("sales@" + version)}), is invisible to the plan (the registry still records
 * it when the stage runs).
 */
public final class StageScanner {
  private static final Pattern STAGE_MAGIC = Pattern.compile("(?m)^\\s*%stage\\s+(\\S+)");
  private static final Pattern STAGE_CALL =
      Pattern.compile("Factory\\s*\\.\\s*stage\\s*\\(\\s*\"([^\"]+)\"\\s*[,)]");
  private static final Pattern INPUT_MAGIC = Pattern.compile("(?m)^\\s*%input\\s+(\\S+)");
  private static final Pattern INPUT_CALL =
      Pattern.compile("Factory\\s*\\.\\s*(?:input|table|model|path)\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
  private static final Pattern OUTPUT_MAGIC =
      Pattern.compile("(?m)^\\s*%output\\s+\\S+\\s+as\\s+(\\S+)");
  private static final Pattern OUTPUT_CALL =
      Pattern.compile("Factory\\s*\\.\\s*output\\s*\\(\\s*\"([^\"]+)\"\\s*,");

  private static final Pattern FILE_CALL =
      Pattern.compile("Factory\\s*\\.\\s*(?:file|csv)\\s*\\(\\s*\"([^\"]+)\"\\s*[,)]");

  private StageScanner() {}

  public static StageNotebook scan(Path notebook) {
    NotebookDocument doc = NotebookDocument.read(notebook);
    StringBuilder code = new StringBuilder();
    for (Cell c : doc.cells()) {
      if (c.isCode()) {
        code.append(c.source()).append('\n');
      }
    }
    String source = code.toString();
    String stage = first(source, STAGE_MAGIC);
    if (stage == null) {
      stage = first(source, STAGE_CALL);
    }
    if (stage == null) {
      stage = FactorySession.stageNameFor(notebook); // as the kernel names it
    }
    ArtifactNames.validateStage(stage);
    Set<String> inputs = new LinkedHashSet<>();
    all(source, INPUT_MAGIC, inputs);
    all(source, INPUT_CALL, inputs);
    Set<String> outputRefs = new LinkedHashSet<>();
    all(source, OUTPUT_MAGIC, outputRefs);
    all(source, OUTPUT_CALL, outputRefs);
    Set<String> outputs = new LinkedHashSet<>();
    outputRefs.forEach(ref -> outputs.add(name(ref)));
    Set<String> files = new LinkedHashSet<>();
    all(source, FILE_CALL, files);
    return new StageNotebook(notebook, stage, inputs, outputs, files);
  }

  private static String first(String source, Pattern p) {
    Matcher m = p.matcher(source);
    return m.find() ? m.group(1) : null;
  }

  private static void all(String source, Pattern p, Set<String> into) {
    Matcher m = p.matcher(source);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  private static String name(String ref) {
    int at = ref.indexOf('@');
    return at < 0 ? ref : ref.substring(0, at);
  }
}
