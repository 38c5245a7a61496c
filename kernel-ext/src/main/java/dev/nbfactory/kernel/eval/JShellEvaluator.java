package dev.nbfactory.kernel.eval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
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

  private static final String RED = "\u001b[1;31m";
  private static final String RESET = "\u001b[0m";

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

  private static final String EXIT_REQUESTED = CellExit.Requested.class.getName();

  /**
   * How many of JShell's result variables ({@code $1}, {@code $2}...) stay defined. Older ones are
   * dropped: each one that stays is compiled into every later snippet, and keeps its value alive.
   */
  static final int KEPT_RESULT_VARIABLES = 16;

  private final Deque<Snippet> resultVariables = new ArrayDeque<>();
  private boolean startImported;

  private final JShell shell;
  private final SourceCodeAnalysis analysis;
  private final Map<String, Origin> origins = new ConcurrentHashMap<>();
  private volatile boolean running;
  private volatile String interruptReason;
  private volatile BooleanSupplier cancelled = () -> false;

  /** Where a snippet came from: its cell's label and the cell line of its first line. */
  private record Origin(String cell, int firstLine) {}

  private JShellEvaluator(JShell shell) {
    this.shell = shell;
    this.analysis = shell.sourceCodeAnalysis();
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
    JShell shell =
        JShell.builder()
            .executionEngine(new CellExecutionControl.Provider(), Map.of())
            .fileManager(fm -> new ClasspathListingCache(fm, completionIndex))
            .compilerOptions(options.toArray(String[]::new))
            .build();
    return new JShellEvaluator(shell);
  }

  /** Who is told of each snippet's thread as it starts, from now on. */
  public void onSnippetThread(Consumer<Thread> listener) {
    CellExecutionControl.onSnippetThread(listener);
  }

  /** Adds imports (without the {@code import} keyword; {@code static ...} for static ones). */
  public void addImports(List<String> imports) throws CellException {
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
    StringBuilder source =
        new StringBuilder("import static ")
            .append(StartImports.class.getCanonicalName())
            .append(".*;");
    imports.forEach(i -> source.append("\nimport ").append(i).append(';'));
    String code = source.toString();
    for (SnippetEvent e : shell.eval(code)) {
      if (e.causeSnippet() == null && e.status() != Snippet.Status.VALID) {
        throw compileError(e.snippet(), code, 0, code.length(), "startup");
      }
    }
    startImported = true;
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
    checkInterrupt();
    for (SnippetEvent e : events) {
      if (e.causeSnippet() != null) {
        continue;
      }
      if (e.status() != Snippet.Status.VALID) {
        // REJECTED, or RECOVERABLE: it names something not declared yet, and did not run
        if (e.status().isActive() && e.snippet() instanceof VarSnippet v) {
          shell.drop(v);
        }
        return NOT_AN_EXPRESSION;
      }
      int firstLine = JavaSource.lineOf(code, start + JavaSource.firstNonWhitespace(original));
      origins.put(e.snippet().id(), new Origin(cell, firstLine));
      if (e.exception() != null) {
        throw runtimeError(e.exception(), cell);
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
      origins.put(snippet.id(), new Origin(cell, firstLine));
      switch (e.status()) {
        case REJECTED -> throw compileError(snippet, code, start, original.length(), cell);
        case RECOVERABLE_DEFINED, RECOVERABLE_NOT_DEFINED -> warnUnresolved(snippet);
        default -> {}
      }
      if (e.exception() != null) {
        throw runtimeError(e.exception(), cell);
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
        shell.drop(v);
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

  private CellException compileError(
      Snippet snippet, String code, int start, int originalLength, String cell) {
    List<Diag> diags =
        shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
    if (diags.isEmpty()) {
      diags = shell.diagnostics(snippet).collect(Collectors.toList());
    }
    List<String> traceback = new ArrayList<>();
    String first = null;
    for (Diag d : diags) {
      String message = d.getMessage(Locale.ROOT);
      if (first == null) {
        first = message.lines().findFirst().orElse(message);
      }
      long pos = d.getPosition() >= 0 ? d.getPosition() : d.getStartPosition();
      int offset = start + (int) Math.max(0, Math.min(pos, Math.max(0, originalLength - 1)));
      int line = JavaSource.lineOf(code, offset);
      int column = JavaSource.columnOf(code, offset);
      int startCol = column;
      int endCol = column;
      if (d.getStartPosition() >= 0 && d.getEndPosition() > d.getStartPosition()) {
        int s = start + (int) Math.min(d.getStartPosition(), originalLength);
        int en = start + (int) Math.min(d.getEndPosition(), originalLength);
        if (JavaSource.lineOf(code, s) == line && JavaSource.lineOf(code, en) == line) {
          startCol = JavaSource.columnOf(code, s);
          endCol = Math.max(startCol, JavaSource.columnOf(code, en) - 1);
        }
      }
      traceback.add("\u001b[1;31mCompile error\u001b[0m: Cell " + cell + ", line " + line);
      traceback.add("    " + JavaSource.lineAt(code, offset));
      traceback.add("    " + " ".repeat(startCol) + caret(endCol - startCol + 1));
      traceback.addAll(message.lines().collect(Collectors.toList()));
    }
    if (first == null) {
      first = "the cell is not valid Java";
      traceback.add(first);
    }
    return new CellException("CompilationException", first, traceback);
  }

  private static String caret(int width) {
    return width <= 1 ? "^" : "^" + "-".repeat(width - 2) + "^";
  }

  private void warnUnresolved(Snippet snippet) {
    if (!(snippet instanceof DeclarationSnippet d)) {
      return;
    }
    List<String> unresolved = shell.unresolvedDependencies(d).collect(Collectors.toList());
    if (!unresolved.isEmpty()) {
      System.err.println(
          "Note: "
              + describe(d)
              + " cannot be used until "
              + String.join(", ", unresolved)
              + (unresolved.size() == 1 ? " is" : " are")
              + " declared");
    }
  }

  private static String describe(DeclarationSnippet d) {
    return switch (d.kind()) {
      case METHOD -> "method " + d.name() + "()";
      case VAR -> "variable " + d.name();
      case TYPE_DECL -> "class " + d.name();
      default -> d.name();
    };
  }

  private CellException runtimeError(JShellException e, String cell) {
    if (e instanceof UnresolvedReferenceException u) {
      DeclarationSnippet d = u.getSnippet();
      String missing = shell.unresolvedDependencies(d).collect(Collectors.joining(", "));
      String message =
          describe(d)
              + " cannot be invoked until "
              + (missing.isEmpty() ? "it compiles" : missing)
              + " is declared";
      return new CellException("UnresolvedReferenceException", message, List.of(message));
    }
    CellException userFacing = userFacing(e);
    if (userFacing != null) {
      return userFacing;
    }
    String className =
        e instanceof EvalException ee ? ee.getExceptionClassName() : e.getClass().getName();
    String message = e.getMessage() == null ? "" : e.getMessage();
    List<String> traceback = new ArrayList<>();
    if (EXIT_REQUESTED.equals(className)) {
      String text =
          message
              + "; the kernel keeps running (cell code may not end the kernel's JVM: restart the"
              + " kernel for a fresh one)";
      traceback.add("SystemExit: " + text);
      appendFrames(traceback, e, cell, true);
      return new CellException("SystemExit", text, traceback);
    }
    traceback.add(message.isEmpty() ? className : className + ": " + message);
    appendFrames(traceback, e, cell, false);
    Throwable cause = e.getCause();
    Set<Throwable> seen = new LinkedHashSet<>();
    while (cause != null && seen.add(cause)) {
      String causeClass =
          cause instanceof EvalException ce
              ? ce.getExceptionClassName()
              : cause.getClass().getName();
      String causeMessage = cause.getMessage();
      traceback.add(
          "Caused by: " + (causeMessage == null ? causeClass : causeClass + ": " + causeMessage));
      appendFrames(traceback, cause, cell, false);
      cause = cause.getCause();
    }
    return new CellException(className, message, traceback);
  }

  /**
   * A {@link UserFacingException} anywhere in the chain (a magic's, usually, wrapped by the call
   * that ran the magic) as an error of its message alone, or null.
   */
  private static CellException userFacing(Throwable e) {
    Set<Throwable> seen = new LinkedHashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      String name =
          t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
      if (isUserFacing(name)) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        String message = t.getMessage() == null ? "" : t.getMessage();
        return new CellException(simple, message, List.of(RED + simple + RESET + ": " + message));
      }
    }
    return null;
  }

  private static boolean isUserFacing(String className) {
    if (className == null || !className.startsWith("dev.nbfactory.")) {
      return false;
    }
    try {
      return UserFacingException.class.isAssignableFrom(
          Class.forName(className, false, UserFacingException.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private void appendFrames(List<String> traceback, Throwable e, String cell, boolean userOnly) {
    for (StackTraceElement frame : e.getStackTrace()) {
      String file = frame.getFileName();
      if (file != null && file.startsWith("#")) {
        Origin origin = origins.get(file.substring(1));
        String where =
            origin == null
                ? "snippet " + file + ", line " + frame.getLineNumber()
                : "Cell "
                    + origin.cell
                    + ", line "
                    + (origin.firstLine + frame.getLineNumber() - 1);
        String method = frame.getMethodName();
        String cls = frame.getClassName();
        String name = (cls.isEmpty() ? "" : cls + ".") + method;
        traceback.add(
            "\tat " + (name.isEmpty() || name.equals(".") ? "" : name + " ") + "(" + where + ")");
      } else if (!userOnly) {
        traceback.add("\tat " + frame);
      }
    }
  }

  /** Completion candidates at {@code cursor}. */
  public Completion complete(String code, int cursor) {
    Unit unit = unitAt(code, cursor);
    int[] anchor = new int[1];
    List<SourceCodeAnalysis.Suggestion> suggestions =
        analysis.completionSuggestions(unit.text, cursor - unit.start, anchor);
    Set<String> matches = new LinkedHashSet<>();
    suggestions.stream()
        .filter(SourceCodeAnalysis.Suggestion::matchesType)
        .forEach(s -> matches.add(s.continuation()));
    suggestions.forEach(s -> matches.add(s.continuation()));
    return new Completion(List.copyOf(matches), unit.start + anchor[0], cursor);
  }

  /** Completions that replace {@code code[start, end)}. */
  public record Completion(List<String> matches, int start, int end) {}

  /** Signature and javadoc of what is at {@code cursor}, if JShell knows it. */
  public Optional<String> inspect(String code, int cursor) {
    int c = Math.max(0, Math.min(cursor, code.length()));
    int end = c;
    while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
      end++;
    }
    if (end == c) {
      // The cursor may follow the name, or follow "(" after it.
      int back = c;
      while (back > 0
          && (code.charAt(back - 1) == '(' || Character.isWhitespace(code.charAt(back - 1)))) {
        back--;
      }
      end = back;
    }
    Unit unit = unitAt(code, end);
    String text = code.substring(unit.start, end);
    List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(text, text.length(), true);
    if (docs.isEmpty()) {
      docs = analysis.documentation(text + "(", text.length() + 1, true);
    }
    if (docs.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    for (SourceCodeAnalysis.Documentation d : docs) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(d.signature());
      if (d.javadoc() != null && !d.javadoc().isBlank()) {
        out.append('\n').append(d.javadoc().strip()).append('\n');
      }
    }
    return Optional.of(out.toString());
  }

  /**
   * Jupyter's {@code is_complete} status of {@code code}: {@code complete}, {@code incomplete} or
   * {@code invalid}.
   */
  public String isComplete(String code) {
    String remaining = code;
    while (true) {
      CompletionInfo info = analysis.analyzeCompletion(remaining);
      switch (info.completeness()) {
        case EMPTY:
          return "complete";
        case COMPLETE:
        case COMPLETE_WITH_SEMI:
          remaining = info.remaining();
          if (remaining.isBlank()) {
            return "complete";
          }
          break;
        case DEFINITELY_INCOMPLETE:
        case CONSIDERED_INCOMPLETE:
          return "incomplete";
        default:
          return "invalid";
      }
    }
  }

  /** A run of source that JShell sees as one snippet, and where it starts in the cell. */
  private record Unit(int start, String text) {}

  private Unit unitAt(String code, int cursor) {
    String remaining = code;
    while (true) {
      int start = code.length() - remaining.length();
      CompletionInfo info = analysis.analyzeCompletion(remaining);
      Completeness completeness = info.completeness();
      if (completeness == Completeness.EMPTY
          || !completeness.isComplete()
          || completeness == Completeness.UNKNOWN) {
        return new Unit(start, remaining);
      }
      int end = code.length() - info.remaining().length();
      if (cursor <= end || info.remaining().isBlank()) {
        return new Unit(
            start, code.substring(start, Math.max(end, Math.min(cursor, code.length()))));
      }
      remaining = info.remaining();
    }
  }

  @Override
  public void close() {
    shell.close();
  }
}
