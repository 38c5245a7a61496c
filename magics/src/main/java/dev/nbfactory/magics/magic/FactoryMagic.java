package dev.nbfactory.magics.magic;

import java.util.List;

/**
 * One factory magic ({@code %stage}, {@code %%params}, {@code %lineage} ...), written against plain
 * Java so that it runs and is tested without a kernel. The kernel extension adapts each one to
 * jjava-jupyter's {@code LineMagic} or {@code CellMagic} and shows what it returns.
 */
public interface FactoryMagic {

  /** The name without percent signs, such as {@code stage}. */
  String name();

  /** How to call it, such as {@code %stage NAME [--description TEXT]}. */
  String usage();

  /** One line that says what it does, shown by {@code %lsmagic} and {@code %factory help}. */
  String help();

  /** True for a cell magic ({@code %%name} on the first line, the rest of the cell its body). */
  default boolean isCell() {
    return false;
  }

  /**
   * Runs the magic.
   *
   * @param args the arguments after the name, split as a shell would (quotes group words)
   * @param body the rest of the cell for a cell magic, else null
   * @return null for nothing to show, a {@link MimeBundle} to display, or any other object for the
   *     kernel's renderers
   * @throws Exception with a message that names the problem and the fix
   */
  Object run(List<String> args, String body) throws Exception;
}
