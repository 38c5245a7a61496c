package dev.nbfactory.kernel.eval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.VarSnippet;

/**
 * Runs cells with JShell in this JVM. A cell is split into JShell snippets and run snippet by
 * snippet; declarations, methods, classes and imports stay for later cells. The cell's value is the
 * live object of its last snippet when that is an expression not ended by a semicolon. Errors come
 * back as a {@link CellException} whose traceback speaks of cells and cell lines.
 *
 * <p>Not thread-safe: one thread runs cells and asks for completions; {@link #interrupt} may be
 * called from any thread.
 */
public final class JShellEvaluator implements AutoCloseable {
  /** JShell's own default imports, which its API, unlike its tool, does not add. */
  public static final List<String> DEFAULT_IMPORTS =
      List.of(
          "java.io.*",
          "java.math.*",
          "java.net.*",
          "java.nio.file.*",
          "java.util.*",
          "java.util.concurrent.*",
          "java.util.function.*",
          "java.util.regex.*",
          "java.util.stream.*");

  /**
   * An empty processor path. javac starts each compile by looking for compiler plugins that start
   * themselves ({@code Plugin.autoStart}) on the processor path, which defaults to the class path:
   * with the kernel's hundred jars, opening each was about a fifth of JShell's first compile.
   * JShell compiles with {@code -proc:none}, so cells use no processors from that path anyway.
   */
  static final List<String> NO_PLUGIN_SEARCH = List.of("-processorpath", "");

  /** The variable that holds the value of the last cell that showed one. */
  static final String VALUE_VARIABLE = "$value";

  /** Marks a snippet that {@link #evalValueExpression} leaves to JShell. */
  private static final Object NOT_AN_EXPRESSION = new Object();

  /**
   * Snippets that are surely not value expressions: declarations and statements by their first
   * word, or {@code Type name = ...} / {@code Type name}.
   */
  private static final Pattern NOT_A_VALUE =
      Pattern.compile(
          "^\\s*(?:(?:import|package|var|final|static|public|private|protected|abstract|sealed"
              + "|class|interface|enum|record|throw|return|break|continue|assert|if|for|while|do"
              + "|try|synchronized|yield|void|boolean|byte|char|short|int|long|float|double)\\b"
              + "|[\\w.$]+(?:<[^()=]*>)?(?:\\[\\])*\\s+[\\w$]+\\s*(?:=(?!=)|$))");

  /**
   * How many of JShell's result variables ({@code $1}, {@code $2}...) stay defined. Older ones are
   * dropped: each one that stays is compiled into every later snippet, and keeps its value alive.
   */
  static final int KEPT_RESULT_VARIABLES = 16;

  private final Deque<Snippet> resultVariables = new ArrayDeque<>();
  private boolean startImported;
  private List<String> startImports = List.of();

  private final JShell shell;
  private final SourceCodeAnalysis analysis;
  private final CellErrors errors;
  private final CodeAnalysis codeAnalysis;
  private final VariableFields variableFields;
  private volatile boolean running;
  private volatile String interruptReason;
  private volatile BooleanSupplier cancelled = () -> false;

  private JShellEvaluator(JShell shell) {
    this.shell = shell;
    this.analysis = shell.sourceCodeAnalysis();
    this.errors = new CellErrors(shell);
    this.codeAnalysis =
        new CodeAnalysis(
            analysis,
            new SourceJavadoc(
                () ->
                    Optional.ofNullable(cellClassLoader())
                        .orElse(JShellEvaluator.class.getClassLoader())));
    this.variableFields = new VariableFields(shell);
  }

  /**
   * Starts JShell with local execution.
   *
   * @param compilerOptions extra javac options, such as {@code --enable-preview}
   * @param onSnippetThread called in the thread of each snippet as it starts
   */
  public static JShellEvaluator start(
      List<String> compilerOptions, Consumer<Thread> onSnippetThread) {
    return start(compilerOptions, onSnippetThread, true);
  }

  /**
   * Starts JShell with local execution.
   *
   * @param completionIndex whether JShell indexes the JDK and class path for code completion (in
   *     the background, as it does by default); a headless run, with no one to complete for, saves
   *     the CPU
   */
  public static JShellEvaluator start(
      List<String> compilerOptions, Consumer<Thread> onSnippetThread, boolean completionIndex) {
    CellExecutionControl.onSnippetThread(onSnippetThread);
    List<String> options = new ArrayList<>(NO_PLUGIN_SEARCH);
    options.addAll(compilerOptions); // later options win: a user's own processor path too
    // The local engine makes its class loader the building thread's context loader; threads
    // started from there later (JShell's completion indexer, extensions' threads) would keep it,
    // and every class and value of this JShell, after a reset.
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    JShell shell;
    try {
      shell =
          JShell.builder()
              .executionEngine(new CellExecutionControl.Provider(), Map.of())
              .fileManager(fm -> new ClasspathListingCache(fm, completionIndex))
              .compilerOptions(options.toArray(String[]::new))
              .build();
    } finally {
      thread.setContextClassLoader(context);
    }
    return new JShellEvaluator(shell);
  }

  /** Who is told of each snippet's thread as it starts, from now on. */
  public void onSnippetThread(Consumer<Thread> listener) {
    CellExecutionControl.onSnippetThread(listener);
  }

  /**
   * Adds imports (without the {@code import} keyword; {@code static ...} for static ones). While no
   * cell has declared anything, as when extensions add theirs at the kernel's start, they join the
   * start imports' snippet: one compile for all of them rather than one each (a kernel's start took
   * about 0.2 s longer with eight imports compiled one by one). Later, each is a snippet of its
   * own: replacing the start imports then would recompile what cells declared.
   */
  public void addImports(List<String> imports) throws CellException {
    if (startImported && !imports.isEmpty() && nothingDeclared()) {
      List<String> all = new ArrayList<>(startImports);
      all.addAll(imports);
      if (importAll(all) == null) {
        startImports = List.copyOf(all);
        return;
      }
      importAll(startImports); // as they were; the import that fails is named below
    }
    for (String i : imports) {
      eval("import " + i + ";", "startup");
    }
  }

  /**
   * Adds the imports every cell starts with, as {@link #addImports} does but in one compile instead
   * of one each (at a kernel's start, about 0.1 s). Once per JShell, before any cell.
   *
   * <p>JShell takes several imports handed to it as one snippet, keyed by the first of them, and a
   * later import with the same key replaces that snippet. The first import is therefore {@link
   * StartImports}', which no cell writes: a cell's own {@code import java.util.*;} then adds to
   * these instead of replacing all of them.
   */
  public void addStartImports(List<String> imports) throws CellException {
    if (startImported) {
      throw new IllegalStateException("the start imports are already added");
    }
    SnippetEvent failed = importAll(imports);
    if (failed != null) {
      String code = failed.snippet().source();
      throw errors.compileError(failed.snippet(), code, 0, code.length(), "startup");
    }
    startImports = List.copyOf(imports);
    startImported = true;
  }

  /** Evaluates the start imports' snippet with {@code imports}; the event of a failure, or null. */
  private SnippetEvent importAll(List<String> imports) {
    StringBuilder source =
        new StringBuilder("import static ")
            .append(StartImports.class.getCanonicalName())
            .append(".*;");
    imports.forEach(i -> source.append("\nimport ").append(i).append(';'));
    List<SnippetEvent> events = shell.eval(source.toString());
    variableFields.update(events);
    for (SnippetEvent e : events) {
      if (e.causeSnippet() == null && e.status() != Snippet.Status.VALID) {
        return e;
      }
    }
    return null;
  }

  /** Whether no snippet that later ones could depend on, other than imports, was declared. */
  private boolean nothingDeclared() {
    return shell
        .snippets()
        .noneMatch(s -> s.kind().isPersistent() && s.kind() != Snippet.Kind.IMPORT);
  }

  /** The key of the start imports' snippet: a class with nothing to import. */
  public static final class StartImports {
    private StartImports() {}
  }

  /** The class loader of cell classes, or null before the first cell class ran. */
  public ClassLoader cellClassLoader() {
    return CellExecutionControl.cellClassLoader();
  }

  /** Adds a jar or directory to the classpath of later cells. */
  public void addToClasspath(String path) {
    shell.addToClasspath(path);
  }

  /**
   * Runs a cell.
   *
   * @param cell the label that tracebacks use, such as {@code In[3]}
   * @return the cell's value (possibly null), or {@link CellExecutionControl#NO_VALUE}
   */
  public Object eval(String code, String cell) throws CellException {
    return eval(code, cell, () -> false);
  }

  /**
   * Runs a cell that {@code cancelled} may cancel: it is checked before each snippet, so that an
   * interrupt that came before the cell got going still ends it.
   */
  public Object eval(String code, String cell, BooleanSupplier cancelled) throws CellException {
    if (running && CellExecutionControl.inSnippet()) {
      // A cell's own eval("..."), which IJava and JJava document: it runs within the cell.
      return evalUnits(code, cell);
    }
    if (running) {
      throw new CellException(
          "IllegalStateException",
          "a cell is already running: evaluation cannot be nested",
          List.of("a cell is already running: evaluation cannot be nested"));
    }
    running = true;
    interruptReason = null;
    CellExecutionControl.clearStop();
    this.cancelled = cancelled;
    try {
      return evalUnits(code, cell);
    } finally {
      running = false;
      CellExecutionControl.forgetValue();
      CellExecutionControl.clearStop();
    }
  }

  /** Stops the running cell, if any; the cell then fails with {@code reason}. */
  public void interrupt(String reason) {
    if (!running) {
      return;
    }
    interruptReason = reason;
    CellExecutionControl.requestStop();
    shell.stop();
  }

  /** Whether a cell is running. */
  public boolean isRunning() {
    return running;
  }

  private Object evalUnits(String code, String cell) throws CellException {
    String remaining = code;
    Object value = CellExecutionControl.NO_VALUE;
    while (true) {
      checkInterrupt();
      CompletionInfo info = analysis.analyzeCompletion(remaining);
      Completeness completeness = info.completeness();
      if (completeness == Completeness.EMPTY) {
        return value;
      }
      int start = code.length() - remaining.length();
      String source;
      int consumed;
      int statementEnd;
      if (completeness.isComplete() && completeness != Completeness.UNKNOWN) {
        source = info.source();
        consumed = remaining.length() - info.remaining().length();
      } else if (completeness == Completeness.UNKNOWN
          && (statementEnd = JavaSource.firstStatementEnd(remaining)) > 0
          && !remaining.substring(statementEnd).isBlank()) {
        // JShell's analysis gave up, but a statement ends here: run it alone, then the rest.
        // (Handed several statements, JShell would run the first and drop the others silently.)
        source = remaining.substring(0, statementEnd);
        consumed = statementEnd;
      } else {
        // Incomplete or not Java: hand JShell the rest, so javac names the problem.
        source = remaining;
        consumed = remaining.length();
      }
      String original = code.substring(start, start + consumed);
      remaining = remaining.substring(consumed);
      Object kept =
          remaining.isBlank() && completeness != Completeness.UNKNOWN && completeness.isComplete()
              ? evalValueExpression(original, code, start, cell)
              : NOT_AN_EXPRESSION;
      value = kept != NOT_AN_EXPRESSION ? kept : evalSnippet(source, original, code, start, cell);
      if (!remaining.isBlank()) {
        value = CellExecutionControl.NO_VALUE;
      }
    }
  }

  /**
   * Runs the cell's last snippet, when it looks like an expression whose value is shown, as the
   * declaration {@code Object $value = expression;}. JShell compiles that once; a bare expression
   * it compiles twice (first to learn its type, for a {@code $N} variable that every later snippet
   * then imports). Each such cell replaces the one {@code $value} variable, so no {@code $N}
   * variable is made for it.
   *
   * <p>Returns {@link #NOT_AN_EXPRESSION} when it is not such an expression (a declaration without
   * its semicolon, a void call, a lambda, or code that does not compile): the caller then runs the
   * snippet as JShell would, which also gives the right compile errors. Nothing ran in that case: a
   * declaration that does not compile has no effect.
   */
  private Object evalValueExpression(String original, String code, int start, String cell)
      throws CellException {
    String expression = original.strip();
    if (expression.isEmpty()
        || expression.endsWith("}") // a class, method or block (or, rarely, a switch expression)
        || JavaSource.endsWithSemicolon(original)
        || NOT_A_VALUE.matcher(original).find()) {
      return NOT_AN_EXPRESSION;
    }
    String leading = original.substring(0, original.indexOf(expression.charAt(0)));
    // The expression stays on its lines, so that stack frames keep their cell line numbers; the
    // semicolon goes on a line of its own, after any // comment.
    String declaration = leading + "Object " + VALUE_VARIABLE + " = " + expression + "\n;";
    CellExecutionControl.forgetValue();
    List<SnippetEvent> events = shell.eval(declaration);
    Object value = CellExecutionControl.takeValue();
    variableFields.update(events);
    checkInterrupt();
    for (SnippetEvent e : events) {
      if (e.causeSnippet() != null) {
        continue;
      }
      if (e.status() != Snippet.Status.VALID) {
        // REJECTED, or RECOVERABLE: it names something not declared yet, and did not run
        if (e.status().isActive() && e.snippet() instanceof VarSnippet v) {
          variableFields.update(shell.drop(v));
        }
        return NOT_AN_EXPRESSION;
      }
      int firstLine = JavaSource.lineOf(code, start + JavaSource.firstNonWhitespace(original));
      errors.cameFrom(e.snippet(), cell, firstLine);
      if (e.exception() != null) {
        throw errors.runtimeError(e.exception(), cell);
      }
    }
    return value;
  }

  private Object evalSnippet(String source, String original, String code, int start, String cell)
      throws CellException {
    CellExecutionControl.forgetValue();
    Map<String, Object> variables = VariableKeeper.read(shell);
    List<SnippetEvent> events = shell.eval(source);
    Object value = CellExecutionControl.takeValue();
    List<String> lost = VariableKeeper.restore(shell, variables, events);
    variableFields.update(events); // after the restore, which reads the old values
    if (!lost.isEmpty()) {
      System.err.println(
          "Note: this cell made JShell declare "
              + String.join(", ", lost)
              + " anew, so "
              + (lost.size() == 1 ? "it starts" : "they start")
              + " from its default value: run the cells that set "
              + (lost.size() == 1 ? "it" : "them")
              + " again");
    }
    checkInterrupt();
    boolean showsValue = false;
    for (SnippetEvent e : events) {
      if (e.causeSnippet() != null) {
        continue; // a dependent snippet updated by this one
      }
      Snippet snippet = e.snippet();
      int firstLine = JavaSource.lineOf(code, start + JavaSource.firstNonWhitespace(original));
      errors.cameFrom(snippet, cell, firstLine);
      switch (e.status()) {
        case REJECTED -> throw errors.compileError(snippet, code, start, original.length(), cell);
        case RECOVERABLE_DEFINED, RECOVERABLE_NOT_DEFINED -> errors.warnUnresolved(snippet);
        default -> {}
      }
      if (e.exception() != null) {
        throw errors.runtimeError(e.exception(), cell);
      }
      showsValue = isValueSnippet(snippet) && !JavaSource.endsWithSemicolon(original);
      if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
        forgetOldResults(snippet);
      }
    }
    return showsValue ? value : CellExecutionControl.NO_VALUE;
  }

  private void forgetOldResults(Snippet latest) {
    resultVariables.addLast(latest);
    while (resultVariables.size() > KEPT_RESULT_VARIABLES) {
      Snippet old = resultVariables.removeFirst();
      if (old instanceof VarSnippet v && shell.status(v).isActive()) {
        variableFields.update(shell.drop(v));
      }
    }
  }

  private void checkInterrupt() throws CellException {
    if (interruptReason == null && cancelled.getAsBoolean()) {
      interruptReason = "the cell was interrupted";
    }
    String reason = interruptReason;
    if (reason != null) {
      throw new CellException("Interrupted", reason, List.of("Interrupted: " + reason));
    }
  }

  private static boolean isValueSnippet(Snippet snippet) {
    if (snippet instanceof ExpressionSnippet) {
      return true;
    }
    return snippet instanceof VarSnippet
        && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
  }

  /** Completion candidates at {@code cursor}. */
  public Completion complete(String code, int cursor) {
    return codeAnalysis.complete(code, cursor);
  }

  /** Completions that replace {@code code[start, end)}. */
  public record Completion(List<String> matches, int start, int end) {}

  /** Signature and javadoc of what is at {@code cursor}, if JShell knows it. */
  public Optional<String> inspect(String code, int cursor) {
    return codeAnalysis.inspect(code, cursor);
  }

  /**
   * Jupyter's {@code is_complete} status of {@code code}: {@code complete}, {@code incomplete} or
   * {@code invalid}.
   */
  public String isComplete(String code) {
    return codeAnalysis.isComplete(code);
  }

  @Override
  public void close() {
    variableFields.clearAll();
    shell.close();
  }
}
