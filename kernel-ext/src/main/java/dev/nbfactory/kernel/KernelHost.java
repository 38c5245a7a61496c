package dev.nbfactory.kernel;

import dev.nbfactory.registry.RunKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * What the Java (Factory) kernel offers the extensions it hosts, beyond jjava-jupyter's {@link
 * BaseKernel}: the session's mode as its host said it, cell hooks, default imports, magic help and
 * the {@code %maven} coordinates. An extension asks {@link #of} for it and works without it in a
 * stock JJava kernel.
 */
public interface KernelHost {
  /**
   * The kernel's host, when {@code kernel} is one; empty for a stock JJava or IJava kernel.
   *
   * <p>Extensions call this rather than test for the kernel's class.
   */
  static Optional<KernelHost> of(BaseKernel kernel) {
    return kernel instanceof KernelHost host ? Optional.of(host) : Optional.empty();
  }

  /**
   * How the session runs, as the kernel's host said: {@link RunKind#INTERACTIVE} for a kernel that
   * Jupyter started, the runner's kind for the kernel it embeds.
   */
  RunKind mode();

  /** The Jupyter connection file the kernel was started with; empty for an embedded kernel. */
  Optional<Path> connectionFile();

  /**
   * Adds a hook that sees every cell's source before it runs, and its end (see {@link CellHook}).
   */
  void addCellHook(CellHook hook);

  /**
   * Imports every later cell gets, such as {@code dev.nbfactory.magics.Factory}; usable while the
   * kernel starts (by extensions) and after.
   */
  void addDefaultImports(List<String> imports);

  /** Lists a magic an extension registers in {@code %lsmagic} and its {@code %name?} help. */
  default void describeMagic(String name, boolean cell, String help) {
    describeMagic(name, cell, null, help);
  }

  /**
   * Lists a magic as {@link #describeMagic(String, boolean, String)} does, with how to call it
   * ({@code %lineage [REF] [--depth N]}), the first line of its {@code %name?} help.
   */
  void describeMagic(String name, boolean cell, String usage, String help);

  /**
   * The coordinates ({@code G:A:V}) that {@code %maven} and {@code %%loadFromPOM} added, in the
   * order they were first asked for, each once.
   */
  List<String> mavenCoordinates();

  /**
   * Asks the client to clear the running cell's output.
   *
   * @param wait clear only when new output arrives, which avoids flicker in animations
   */
  void clearOutput(boolean wait);
}
