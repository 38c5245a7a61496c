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

  /**
   * @param wanted set when a kernel waits for the shell: a warm-up in progress stops
   */
  private record Prestarted(
      List<String> compilerOptions,
      CompletableFuture<JShellEvaluator> shell,
      java.util.concurrent.atomic.AtomicBoolean wanted) {}

  private JShellBoot() {}

  /**
   * Boots JShell now, in the background, for the kernel this JVM creates next with the same
   * compiler options. Does nothing if one is already booting.
   */
  public static void prestart(KernelSettings settings) {
    prestart(settings, 0);
  }

  /**
   * Boots JShell as {@link #prestart(KernelSettings)} does, then compiles and runs up to {@code
   * warmUps} throwaway statements in it until a kernel takes it: the JIT compiles javac's code on
   * them, so the notebook's first cells compile warm (a cell's compile took 2 to 5 times longer
   * cold). For a JVM with time to spare before its notebook, such as a pipeline stage started ahead
   * of its turn. The statements declare nothing, so the shell holds no state of theirs.
   */
  public static void prestart(KernelSettings settings, int warmUps) {
    List<String> options = List.copyOf(settings.compilerOptions());
    CompletableFuture<JShellEvaluator> shell = new CompletableFuture<>();
    java.util.concurrent.atomic.AtomicBoolean wanted =
        new java.util.concurrent.atomic.AtomicBoolean();
    if (!PRESTARTED.compareAndSet(null, new Prestarted(options, shell, wanted))) {
      return;
    }
    Thread boot =
        new Thread(
            () -> {
              try {
                JShellEvaluator ev = bootNew(options, false);
                for (int i = 0; i < warmUps && !wanted.get(); i++) {
                  ev.eval(
                      WARM_UPS.get(i % WARM_UPS.size()).replace("#", String.valueOf(i)), "warm-up");
                }
                shell.complete(ev);
              } catch (CellException | RuntimeException | Error e) {
                shell.completeExceptionally(e);
              }
            },
            "jshell-prestart");
    boot.setDaemon(true);
    boot.start();
  }

  /**
   * Statements like a cell's (loops, lambdas, streams, a local record, formatting); #: a number.
   */
  private static final List<String> WARM_UPS =
      List.of(
          "{ var xs = new ArrayList<Double>(); for (int k = 0; k < 50; k++) xs.add(Math.sqrt(k + #));"
              + " double s = xs.stream().mapToDouble(Double::doubleValue).filter(v -> v > 1).sum();"
              + " String.format(\"%.3f\", s); }",
          "{ record P(String name, double v) { P scaled(double f) { return new P(name, v * f); } }"
              + " var ps = IntStream.range(0, 20).mapToObj(k -> new P(\"p\" + k, k * #))"
              + ".map(p -> p.scaled(2)).collect(Collectors.toMap(P::name, P::v)); ps.size(); }",
          "{ Map<String, List<Integer>> m = new TreeMap<>(); for (int k = 0; k < 30; k++)"
              + " m.computeIfAbsent(\"k\" + (k % 5), x -> new ArrayList<>()).add(k * #);"
              + " if (m.isEmpty()) throw new IllegalStateException(\"empty\"); }");

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
    p.wanted().set(true);
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
