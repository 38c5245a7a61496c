package dev.nbfactory.kernel.eval;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jshell.JShell;
import jdk.jshell.VarSnippet;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's local execution (the cell runs in the kernel's JVM, and {@code JShell.stop()} stops it),
 * with three additions:
 *
 * <ul>
 *   <li>the value of each snippet is kept as the live object, for renderers; JShell itself only
 *       returns its {@code toString()};
 *   <li>exit calls in cell classes are rewritten by {@link ExitCallRewriter};
 *   <li>exceptions that end a thread the cell started are printed to {@code System.err} instead of
 *       being swallowed by the handler JShell installs.
 * </ul>
 *
 * <p>The snippet method runs through {@link #runSnippet()}, a static trampoline that {@link
 * LocalExecutionControl} invokes in its own thread group; hence the static state, and one evaluator
 * per JVM.
 */
public final class CellExecutionControl extends LocalExecutionControl {
  /** The value of a snippet that produced none. */
  public static final Object NO_VALUE = new Object();

  private static final Method TRAMPOLINE;

  static {
    try {
      TRAMPOLINE = CellExecutionControl.class.getMethod("runSnippet");
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static volatile Method pending;
  private static volatile Object value = NO_VALUE;
  private static volatile Consumer<Thread> snippetThreadListener = t -> {};
  private static volatile boolean stopRequested;
  private static volatile ClassLoader cellLoader;

  /** Runs {@code listener} in each snippet's thread as it starts (for output routing). */
  static void onSnippetThread(Consumer<Thread> listener) {
    snippetThreadListener = listener;
  }

  /** The live value of the last snippet run, or {@link #NO_VALUE}; forgets it. */
  static Object takeValue() {
    Object v = value;
    value = NO_VALUE;
    return v;
  }

  /** The class loader of cell classes (and of jars added to cells), once a cell has run. */
  static ClassLoader cellClassLoader() {
    return cellLoader;
  }

  static void forgetValue() {
    value = NO_VALUE;
  }

  /**
   * Makes snippets that have not begun yet end at once, until {@link #clearStop()}. {@code
   * JShell.stop()} alone misses a snippet that starts just after it (while the cell's previous
   * snippet finished, or while JShell was compiling).
   */
  static void requestStop() {
    stopRequested = true;
  }

  static void clearStop() {
    stopRequested = false;
  }

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    cellLoader = doitMethod.getDeclaringClass().getClassLoader();
    pending = doitMethod;
    value = NO_VALUE;
    try {
      return super.invoke(TRAMPOLINE);
    } finally {
      pending = null;
    }
  }

  /**
   * Not API: invoked reflectively in the snippet's thread. Runs the snippet, keeps its value and
   * returns nothing, so that JShell never calls the value's {@code toString()}.
   */
  public static Object runSnippet() throws Throwable {
    Thread snippetThread = Thread.currentThread();
    Thread.UncaughtExceptionHandler jshellHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) -> {
          if (t == snippetThread && jshellHandler != null) {
            jshellHandler.uncaughtException(t, e);
          } else {
            reportUncaught(t, e);
          }
        });
    snippetThreadListener.accept(snippetThread);
    if (stopRequested) {
      throw stopped();
    }
    Method method = pending;
    IN_SNIPPET.set(true);
    try {
      value = method.invoke(null);
      return null;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } finally {
      IN_SNIPPET.remove();
    }
  }

  @SuppressWarnings("removal") // ThreadDeath is how JShell.stop() ends a thread on this JDK
  private static Error stopped() {
    return new ThreadDeath();
  }

  @SuppressWarnings("removal") // ThreadDeath is how JShell.stop() ends a thread on this JDK
  private static void reportUncaught(Thread t, Throwable e) {
    if (e instanceof ThreadDeath) {
      return;
    }
    System.err.print("Exception in thread \"" + t.getName() + "\" ");
    e.printStackTrace(System.err);
  }

  private static final ThreadLocal<Boolean> IN_SNIPPET = ThreadLocal.withInitial(() -> false);

  /** Whether the calling thread is running a cell's snippet (a cell calling {@code eval}). */
  static boolean inSnippet() {
    return IN_SNIPPET.get();
  }

  private static volatile boolean fieldRequested;
  private static volatile Field requestedField;

  /**
   * The static field that holds a JShell variable now, found by asking JShell for the variable's
   * value (which names the class that holds it) without computing the value's {@code toString()};
   * null if it cannot be found.
   */
  static synchronized Field variableField(JShell shell, VarSnippet variable) {
    fieldRequested = true;
    requestedField = null;
    try {
      shell.varValue(variable);
      return requestedField;
    } catch (IllegalArgumentException | IllegalStateException e) {
      return null; // not valid any more, or JShell closed
    } finally {
      fieldRequested = false;
      requestedField = null; // it would keep the cell class loader alive after a reset
    }
  }

  @Override
  public String varValue(String className, String varName)
      throws RunException, EngineTerminationException, InternalException {
    if (!fieldRequested) {
      return super.varValue(className, varName);
    }
    try {
      Field field = findClass(className).getField(varName);
      field.setAccessible(true); // the wrapper class itself is not public
      requestedField = field;
    } catch (ClassNotFoundException | NoSuchFieldException e) {
      requestedField = null;
    }
    return "";
  }

  @Override
  public void load(ClassBytecodes[] cbcs)
      throws ClassInstallException, NotImplementedException, EngineTerminationException {
    super.load(
        Arrays.stream(cbcs)
            .map(c -> new ClassBytecodes(c.name(), ExitCallRewriter.rewrite(c.bytecodes())))
            .toArray(ClassBytecodes[]::new));
  }

  /** Provides {@link CellExecutionControl} to {@code JShell.builder().executionEngine(...)}. */
  public static final class Provider implements ExecutionControlProvider {
    @Override
    public String name() {
      return "factory-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
      return new CellExecutionControl();
    }
  }
}
