package dev.nbfactory.kernel.factory;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.magic.OutputMagic;
import dev.nbfactory.registry.SecretMarks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * What the rewritten factory magics call from a cell (see {@link FactoryCellHook}). Public because
 * cell code calls it; not meant to be called by hand.
 */
public final class FactoryCells {
  private FactoryCells() {}

  /** {@code %input REF as VAR}: the value, recorded as read by the open run. */
  public static Object input(String ref) {
    return FactorySession.global().input(ref);
  }

  /** {@code %output VAR as NAME}: stores the value and shows what was stored. */
  public static void output(Object value, String variable, String name) throws Exception {
    OutputMagic magic = new OutputMagic(FactorySession::global, v -> Optional.ofNullable(value));
    Object shown = magic.run(List.of(variable, "as", name), null);
    BaseKernel kernel = BaseKernel.notebookKernel();
    if (kernel != null) {
      FactoryExtension.shown(kernel, shown);
    }
  }

  /** {@code %%params}: records the values the cell's declarations took. */
  public static void params(String[] names, Object[] values, String[] secret, String[] notSecret) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      parameters.put(names[i], values[i]);
    }
    FactorySession.global()
        .parameters(parameters, new SecretMarks(Set.of(secret), Set.of(notSecret)));
  }
}
