package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.registry.Run;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** {@code %stage NAME [--description TEXT]}: opens (or continues) a run of the stage. */
public final class StageMagic implements FactoryMagic {
  private final Supplier<FactorySession> session;

  public StageMagic(Supplier<FactorySession> session) {
    this.session = session;
  }

  @Override
  public String name() {
    return "stage";
  }

  @Override
  public String usage() {
    return "%stage NAME [--description TEXT]";
  }

  @Override
  public String help() {
    return "Makes this notebook the stage NAME: opens a run (or continues the open one) that"
        + " records parameters, inputs, outputs and metrics.";
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs parsed = MagicArgs.parse(this, args, Set.of("description"), Set.of()).expect(1, 1);
    FactorySession s = session.get();
    Optional<Run> before = s.currentRun();
    Run run = s.stage(parsed.positional().get(0), parsed.option("description"));
    boolean continued = before.isPresent() && before.get().id().equals(run.id());
    return MimeBundle.text(
        (continued ? "continuing" : "started")
            + " run "
            + run.shortId()
            + " of stage '"
            + run.stage()
            + "'");
  }
}
