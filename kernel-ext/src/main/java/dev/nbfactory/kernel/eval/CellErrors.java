package dev.nbfactory.kernel.eval;

import dev.nbfactory.magics.helpers.DataCheckException;
import dev.nbfactory.registry.FactoryException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.UnresolvedReferenceException;

/**
 * What JShell reports, as {@link CellException}s that speak of cells and cell lines: keeps where
 * each snippet came from, and maps compile diagnostics and stack frames back to the cell line they
 * stand for. Also notes, on {@code System.err}, declarations that wait for others to be declared.
 */
final class CellErrors {
  private static final String RED = "\u001b[1;31m";
  private static final String RESET = "\u001b[0m";
  private static final String EXIT_REQUESTED = CellExit.Requested.class.getName();

  private final JShell shell;
  private final Map<String, Origin> origins = new ConcurrentHashMap<>();

  /** Where a snippet came from: its cell's label and the cell line of its first line. */
  private record Origin(String cell, int firstLine) {}

  CellErrors(JShell shell) {
    this.shell = shell;
  }

  /** Records that {@code snippet} is cell {@code cell}'s code from line {@code firstLine} on. */
  void cameFrom(Snippet snippet, String cell, int firstLine) {
    origins.put(snippet.id(), new Origin(cell, firstLine));
  }

  CellException compileError(
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

  void warnUnresolved(Snippet snippet) {
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

  CellException runtimeError(JShellException e, String cell) {
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
   * that ran the magic), a {@link DataCheckException} (a line per failed check is all there is to
   * say), or a factory error about the input that has no cause of its own (a bad magic argument, an
   * artifact that does not exist: its message names the problem and the fix), as an error of its
   * message alone, or null. A factory error with a cause (a database that failed) keeps its trace.
   */
  private static CellException userFacing(Throwable e) {
    Set<Throwable> seen = new LinkedHashSet<>();
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      String name =
          t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
      if (isUserFacing(name) || t.getCause() == null && isInputError(name)) {
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
      Class<?> type = Class.forName(className, false, UserFacingException.class.getClassLoader());
      return UserFacingException.class.isAssignableFrom(type)
          || DataCheckException.class.isAssignableFrom(type);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static boolean isInputError(String className) {
    if (className == null || !className.startsWith("dev.nbfactory.")) {
      return false;
    }
    try {
      Class<?> type = Class.forName(className, false, FactoryException.class.getClassLoader());
      return FactoryException.class.isAssignableFrom(type);
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
}
