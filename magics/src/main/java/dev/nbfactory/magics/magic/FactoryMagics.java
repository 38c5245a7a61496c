package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every factory magic, for the kernel extension to register: {@code %stage}, {@code %%params},
 * {@code %input}, {@code %output}, {@code %metric}, {@code %finish}, {@code %runs}, {@code %diff},
 * {@code %registry} and {@code %factory help}.
 */
public final class FactoryMagics {
  private FactoryMagics() {}

  /** The magics on the JVM's session ({@link FactorySession#global()}, looked up on each call). */
  public static List<FactoryMagic> all(VariableLookup variables) {
    return all(FactorySession::global, variables);
  }

  public static List<FactoryMagic> all(Supplier<FactorySession> session, VariableLookup variables) {
    List<FactoryMagic> magics = new ArrayList<>();
    List<FactoryMagic> view = Collections.unmodifiableList(magics);
    magics.add(new StageMagic(session));
    magics.add(new ParamsMagic(session));
    magics.add(new InputMagic(session));
    magics.add(new OutputMagic(session, variables));
    magics.add(new MetricMagic(session));
    magics.add(new FinishMagic(session));
    magics.add(new RunsMagic(session));
    magics.add(new DiffMagic(session));
    magics.add(new CompareMagic(session));
    magics.add(new RegistryMagic(session));
    magics.add(new LineageMagic(() -> session.get().registry(), () -> lastOutput(session.get())));
    magics.add(
        new PromoteMagic(
            () -> session.get().registry(),
            () -> java.util.Optional.ofNullable(session.get().context().notebookPath().get())));
    magics.add(new FactoryHelpMagic(() -> view));
    return view;
  }

  /** %lineage with no name: the newest output of the run open now. */
  private static java.util.Optional<String> lastOutput(FactorySession session) {
    return session
        .currentRun()
        .flatMap(
            run -> {
              List<dev.nbfactory.registry.ArtifactVersion> outputs =
                  session.registry().outputs(run.id());
              return outputs.isEmpty()
                  ? java.util.Optional.empty()
                  : java.util.Optional.of(outputs.get(outputs.size() - 1).ref());
            });
  }
}
