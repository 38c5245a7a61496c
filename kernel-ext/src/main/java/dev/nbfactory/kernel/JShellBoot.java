package dev.nbfactory.kernel;

import dev.nbfactory.kernel.eval.CellException;
import dev.nbfactory.kernel.eval.JShellEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts JShell for a kernel: the shell, the imports every cell has, and one cell class loaded.
 * javac's first compiles make this most of a kernel's start, so a headless run {@link #prestart
 * prestarts} it on a thread of its own first thing, where it overlaps with reading the notebook and
 * opening the registry; the kernel created later in that JVM takes it.
 */
public final class JShellBoot {
  private static final Logger LOG = LoggerFactory.getLogger(JShellBoot.class);
  private static final AtomicReference<Prestarted> PRESTARTED = new AtomicReference<>();

  private record Prestarted(
      List<String> compilerOptions, CompletableFuture<JShellEvaluator> shell) {}

  private JShellBoot() {}

  /**
   * Boots JShell now, in the background, for the kernel this JVM creates next with the same
   * compiler options. Does nothing if one is already booting.
   */
  public static void prestart(KernelSettings settings) {
    List<String> options = List.copyOf(settings.compilerOptions());
    CompletableFuture<JShellEvaluator> shell = new CompletableFuture<>();
    if (!PRESTARTED.compareAndSet(null, new Prestarted(options, shell))) {
      return;
    }
    Thread boot =
        new Thread(
            () -> {
              try {
                shell.complete(bootNew(options, false));
              } catch (CellException | RuntimeException | Error e) {
                shell.completeExceptionally(e);
              }
            },
            "jshell-prestart");
    boot.setDaemon(true);
    boot.start();
  }

  /**
   * JShell for a kernel with {@code settings}: the prestarted one when its compiler options match,
   * else a new one.
   *
   * @param onSnippetThread called in the thread of each snippet as it starts
   */
  static JShellEvaluator boot(KernelSettings settings, Consumer<Thread> onSnippetThread)
      throws CellException {
    List<String> options = List.copyOf(settings.compilerOptions());
    JShellEvaluator ev = takePrestarted(options);
    if (ev == null) {
      ev = bootNew(options, true);
    }
    ev.onSnippetThread(onSnippetThread);
    return ev;
  }

  /** A new JShell, not the prestarted one, for {@code %reset}. */
  static JShellEvaluator fresh(KernelSettings settings, Consumer<Thread> onSnippetThread)
      throws CellException {
    JShellEvaluator ev = bootNew(List.copyOf(settings.compilerOptions()), true);
    ev.onSnippetThread(onSnippetThread);
    return ev;
  }

  private static JShellEvaluator takePrestarted(List<String> options) {
    Prestarted p = PRESTARTED.getAndSet(null);
    if (p == null) {
      return null;
    }
    JShellEvaluator ev;
    try {
      ev = p.shell().join();
    } catch (CompletionException e) {
      // Booting again reports the same failure where the kernel reports its start failures.
      LOG.debug("the prestarted JShell failed", e.getCause());
      return null;
    }
    if (!p.compilerOptions().equals(options)) {
      ev.close();
      return null;
    }
    return ev;
  }

  /**
   * @param completionIndex whether JShell indexes classes for completion: not for a prestarted
   *     JShell, which serves a headless run
   */
  private static JShellEvaluator bootNew(List<String> options, boolean completionIndex)
      throws CellException {
    JShellEvaluator ev = JShellEvaluator.start(options, thread -> {}, completionIndex);
    List<String> imports = new ArrayList<>(JShellEvaluator.DEFAULT_IMPORTS);
    imports.add("static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*");
    imports.add("static " + Notebook.class.getName() + ".*");
    ev.addStartImports(imports);
    ev.eval("{}", "startup"); // loads a cell class: the cell class loader is known from here on
    return ev;
  }
}
