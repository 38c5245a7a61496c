package dev.nbfactory.kernel.factory;

import dev.nbfactory.kernel.CellHook;
import dev.nbfactory.kernel.eval.CellException;
import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookCode;
import dev.nbfactory.magics.ParameterCell;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.SecretMarks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the factory magics that bind or read notebook variables into Java that runs in order
 * with the rest of the cell, so they see and make real JShell variables:
 *
 * <ul>
 *   <li>{@code %input REF as VAR} becomes {@code Table VAR = (Table) FactoryCells.input("REF");}
 *       (the type from the artifact's kind: Table, Tribuo Model, else Path);
 *   <li>{@code %output VAR as NAME} becomes {@code FactoryCells.output(VAR, "VAR", "NAME");};
 *   <li>a cell starting {@code %%params [--secret NAME] [--not-secret NAME]...}, and the notebook's
 *       cell tagged {@code parameters} (found by {@link TaggedParameterCells}), run their
 *       declarations, then record the values they took.
 * </ul>
 *
 * It also tells the session which cells failed, and closes it when the kernel ends.
 */
final class FactoryCellHook implements CellHook {
  private static final String CELLS = FactoryCells.class.getName();

  /** {@code Type name = Factory.input("ref")}: the declared type is passed along, to be checked. */
  private static final Pattern TYPED_INPUT =
      Pattern.compile(
          "(?m)^([ \\t]*(?:final[ \\t]+)?)([A-Za-z_$][\\w$.]*)(<[^=;\\n]*>)?([ \\t]+[A-Za-z_$][\\w$]*"
              + "[ \\t]*=[ \\t]*)Factory[ \\t]*\\.[ \\t]*input[ \\t]*\\([ \\t]*(\"(?:[^\"\\\\\\n]|\\\\.)*\")"
              + "[ \\t]*\\)(?=[ \\t]*;)");

  private final RunKind mode;
  private final TaggedParameterCells parameterCells =
      new TaggedParameterCells(
          () -> FactorySession.global().context().notebookPath().get(),
          Path.of("").toAbsolutePath());

  /**
   * @param mode the session's mode, as the kernel's host says it
   */
  FactoryCellHook(RunKind mode) {
    this.mode = mode;
  }

  @Override
  public String rewrite(String source) {
    String out = magics(source);
    Optional<NotebookCode.Magic> params = NotebookCode.read(out).magic("%params");
    if (params.isPresent()) {
      int body = Math.min(out.length(), params.get().end() + 1);
      out = params(params.get().arguments(), out.substring(body));
    } else if (recordsParameterCells() && parameterCells.isParametersCell(out)) {
      out = params("", out); // a plain parameters cell: its values are the run's parameters too
    }
    return replace(out, TYPED_INPUT, FactoryCellHook::typedInput);
  }

  /**
   * {@code %input REF as VAR} and {@code %output VAR as NAME} lines, where {@link NotebookCode}
   * finds them (not in comments or strings), as Java; the other magics stay for the kernel.
   */
  private static String magics(String source) {
    StringBuilder out = new StringBuilder();
    int done = 0;
    for (NotebookCode.Magic magic : NotebookCode.read(source).magics()) {
      String[] words = magic.arguments().split("\\s+");
      String java = null;
      if (magic.name().equals("input") && words.length == 3 && words[1].equals("as")) {
        java = input(words[0], words[2]);
      } else if (magic.name().equals("output") && words.length == 3 && words[1].equals("as")) {
        java = output(words[0], words[2]);
      }
      if (java != null) {
        out.append(source, done, magic.start()).append(java);
        done = magic.end();
      }
    }
    return out.append(source.substring(done)).toString();
  }

  /**
   * In a kernel a person drives, or nbconvert does; a headless runner records the parameters it
   * runs the notebook with itself.
   */
  private boolean recordsParameterCells() {
    return mode == RunKind.INTERACTIVE;
  }

  @Override
  public void cellFinished(int executionCount, CellException error) {
    if (error != null) {
      FactorySession.global()
          .cellFailed("cell " + executionCount + ": " + error.ename() + ": " + error.evalue());
    }
  }

  @Override
  public void shutdown() {
    if (mode == RunKind.INTERACTIVE) {
      FactorySession.global()
          .close(); // finishes an open run honestly; a headless host closes its own
    }
  }

  private static String replace(
      String source, Pattern pattern, java.util.function.Function<Matcher, String> line) {
    Matcher m = pattern.matcher(source);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(line.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A declaration typed by the artifact's kind; unknown artifacts fail when the line runs. */
  static String input(String ref, String variable) {
    String type = "Object";
    try {
      ArtifactKind kind = FactorySession.global().registry().resolve(ref).kind();
      type =
          switch (kind) {
            case DATASET -> "tech.tablesaw.api.Table";
            case MODEL -> "org.tribuo.Model<?>";
            default -> "java.nio.file.Path";
          };
    } catch (FactoryException e) {
      // the line itself raises the registry's error, with its suggestions, when it runs
    }
    return type + " " + variable + " = (" + type + ") " + CELLS + ".input(" + quote(ref) + ");";
  }

  /** {@code Table t = Factory.input("x")} as {@code Table t = Factory.input("x", Table.class)}. */
  static String typedInput(Matcher m) {
    String type = m.group(2);
    if (type.equals("var") || javax.lang.model.SourceVersion.isKeyword(type)) {
      return m.group(); // var infers Object; `else x = ...` and `int n = ...` declare no class
    }
    return m.group(1)
        + m.group(2)
        + (m.group(3) == null ? "" : m.group(3))
        + m.group(4)
        + "Factory.input("
        + m.group(5)
        + ", "
        + m.group(2)
        + ".class)";
  }

  static String output(String variable, String name) {
    return CELLS + ".output(" + variable + ", " + quote(variable) + ", " + quote(name) + ");";
  }

  /** The declarations as written, then one call that records the values they took. */
  static String params(String options, String body) {
    SecretMarks marks = ParameterCell.secretOptions(options);
    List<String> names = new ArrayList<>();
    for (ParameterCell.Declaration d : ParameterCell.parse(body).declarations()) {
      names.add(d.name());
    }
    StringBuilder call = new StringBuilder(body);
    if (!body.endsWith("\n")) {
      call.append('\n');
    }
    call.append(CELLS).append(".params(new String[] {");
    call.append(String.join(", ", names.stream().map(FactoryCellHook::quote).toList()));
    call.append("}, new Object[] {").append(String.join(", ", names)).append("}, new String[] {");
    call.append(String.join(", ", marks.secret().stream().map(FactoryCellHook::quote).toList()));
    call.append("}, new String[] {");
    call.append(String.join(", ", marks.notSecret().stream().map(FactoryCellHook::quote).toList()));
    return call.append("});").toString();
  }

  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
