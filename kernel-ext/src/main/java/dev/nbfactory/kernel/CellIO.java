package dev.nbfactory.kernel;

import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

/**
 * The base library's notion of a kernel's IO, attached to the latest cell and left attached after
 * it ends, so that {@code updateDisplay} from a thread the cell started still reaches the client.
 * Cells' {@code System.out}, {@code System.err} and {@code System.in} are the kernel's own (see
 * {@link OutputRouter}); these streams serve extensions that write to {@code getIO()} directly.
 */
final class CellIO extends JupyterIO {
  CellIO() {
    super(StandardCharsets.UTF_8);
  }

  void attach(ShellReplyEnvironment env) {
    setEnv(env);
  }
}
