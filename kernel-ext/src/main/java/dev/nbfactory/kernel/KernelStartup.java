package dev.nbfactory.kernel;

import dev.nbfactory.kernel.eval.CellException;
import dev.nbfactory.kernel.eval.JShellEvaluator;
import dev.nbfactory.kernel.render.ChartRenderer;
import dev.nbfactory.kernel.render.EvaluationRenderer;
import dev.nbfactory.kernel.render.ModelRenderer;
import dev.nbfactory.kernel.render.TableRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts JShell on a thread of its own, so that the kernel answers {@code kernel_info} meanwhile:
 * boots it, adds the configured classpath, registers the renderers, loads extensions, runs the
 * startup code; and hands the evaluator to whoever waits for it. {@link #reset} replaces it by a
 * new one in the same start state.
 */
final class KernelStartup {
  private static final Logger LOG = LoggerFactory.getLogger(KernelStartup.class);

  /** The kernel's own steps of start-up: jjava-jupyter's, which only the kernel may call. */
  interface Extensions {
    /** Loads the extensions the kernel's class path declares (jjava-jupyter's onStartup). */
    void loadDeclared();

    /** Loads the extensions that jars seen by {@code loader} declare. */
    void loadFrom(ClassLoader loader);
  }

  private final KernelSettings settings;
  private volatile CompletableFuture<JShellEvaluator> evaluator = new CompletableFuture<>();
  private volatile JShellEvaluator starting;
  private volatile Consumer<Thread> onSnippetThread = t -> {};
  // What start-up and later cells added beyond the settings, for a reset to add again.
  private final List<String> addedImports = new CopyOnWriteArrayList<>();
  private final List<String> addedClasspath = new CopyOnWriteArrayList<>();

  KernelStartup(KernelSettings settings) {
    this.settings = settings;
  }

  /** Starts JShell on a daemon thread named {@code kernel-init}. */
  void start(Consumer<Thread> onSnippetThread, Renderer renderer, Extensions extensions) {
    this.onSnippetThread = onSnippetThread;
    Thread init =
        new Thread(
            Thread.currentThread().getThreadGroup(),
            () -> init(onSnippetThread, renderer, extensions),
            "kernel-init");
    init.setDaemon(true);
    init.start();
  }

  private void init(Consumer<Thread> onSnippetThread, Renderer renderer, Extensions extensions) {
    try {
      JShellEvaluator ev = JShellBoot.boot(settings, onSnippetThread);
      starting = ev;
      // After JShell's first compile: classpath added before it does not reach the compiler.
      for (String path : settings.classpath()) {
        ev.addToClasspath(path);
      }
      TableRenderer.register(renderer);
      ChartRenderer.register(renderer);
      EvaluationRenderer.register(renderer);
      ModelRenderer.register(renderer);
      extensions.loadDeclared(); // the factory extension among them, by its service file
      if (!settings.classpath().isEmpty() && ev.cellClassLoader() != null) {
        extensions.loadFrom(ev.cellClassLoader()); // extensions in FACTORY_CLASSPATH jars
      }
      runStartupCode(ev);
      evaluator.complete(ev);
    } catch (CellException e) {
      LOG.error("startup code failed: {}", String.join("\n", e.traceback()));
      evaluator.completeExceptionally(
          new IllegalStateException("startup code failed: " + e.evalue()));
    } catch (IOException | RuntimeException | Error e) {
      LOG.error("the kernel could not start JShell", e);
      evaluator.completeExceptionally(e);
    }
  }

  private void runStartupCode(JShellEvaluator ev) throws CellException, IOException {
    for (String script : settings.startupScripts()) {
      ev.eval(Files.readString(Path.of(script), StandardCharsets.UTF_8), script);
    }
    if (!settings.startupScript().isBlank()) {
      ev.eval(settings.startupScript(), "FACTORY_STARTUP_SCRIPT");
    }
  }

  /**
   * Replaces JShell, once it has started, by a new one in the state the kernel started in: the
   * imports the kernel and its extensions added, the classpath with every jar and folder added
   * since, the startup code run again. What cells declared goes with the old JShell, whose class
   * loader (and so every value its classes held) can then be collected. Extensions, magics,
   * renderers and what extensions keep (the factory session) stay as they are. If the new JShell
   * cannot be set up, the old one stays and the reason is thrown.
   *
   * <p>Called on the thread that runs cells, between a cell's snippets.
   */
  synchronized void reset() throws CellException {
    JShellEvaluator old = evaluator();
    JShellEvaluator ev = JShellBoot.fresh(settings, onSnippetThread);
    try {
      for (String path : settings.classpath()) {
        ev.addToClasspath(path);
      }
      addedClasspath.forEach(ev::addToClasspath);
      ev.addImports(List.copyOf(addedImports));
      runStartupCode(ev);
    } catch (CellException | IOException | RuntimeException e) {
      ev.close();
      if (e instanceof CellException c) {
        throw c;
      }
      String reason = "the new JShell could not be set up: " + e;
      throw new CellException("ResetError", reason, List.of(reason));
    }
    starting = ev;
    evaluator = CompletableFuture.completedFuture(ev);
    old.close();
  }

  /** Adds a jar or folder to the classpath of later cells, and of JShells a reset starts. */
  void addToClasspath(String path) {
    evaluator().addToClasspath(path);
    addedClasspath.add(path);
  }

  /**
   * JShell once it has started, waiting as long as it takes.
   *
   * @throws IllegalStateException with the reason when JShell could not start
   */
  JShellEvaluator evaluator() {
    try {
      return evaluatorWithin(null);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no deadline, yet timed out", e);
    }
  }

  /** JShell once it has started, waiting at most {@code timeout} (null: as long as it takes). */
  JShellEvaluator evaluatorWithin(Duration timeout) throws TimeoutException {
    try {
      return timeout == null
          ? evaluator.get()
          : evaluator.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while JShell starts", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "JShell did not start: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** JShell once it has started; null while it starts, or when it could not start. */
  JShellEvaluator started() {
    CompletableFuture<JShellEvaluator> e = evaluator;
    return e.isCompletedExceptionally() ? null : e.getNow(null);
  }

  /** Adds default imports, also while JShell starts (extensions add theirs then). */
  void addImports(List<String> imports) {
    JShellEvaluator ev = evaluator.isDone() ? evaluator() : starting;
    if (ev == null) {
      throw new IllegalStateException("JShell has not started yet");
    }
    try {
      ev.addImports(imports);
      addedImports.addAll(imports);
    } catch (CellException e) {
      throw new IllegalStateException("cannot import " + imports + ": " + e.evalue(), e);
    }
  }
}
