package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.registry.Run;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code %finish}: finishes the open run as succeeded. */
public final class FinishMagic implements FactoryMagic {
  private final Supplier<FactorySession> session;

  public FinishMagic(Supplier<FactorySession> session) {
    this.session = session;
  }

  @Override
  public String name() {
    return "finish";
  }

  @Override
  public String usage() {
    return "%finish";
  }

  @Override
  public String help() {
    return "Finishes this stage's run as succeeded; the next factory call opens a new run.";
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs.parse(this, args, Set.of(), Set.of()).expect(0, 0);
    Run run = session.get().finish();
    return MimeBundle.text(
        "run " + run.shortId() + " of stage '" + run.stage() + "' " + run.status().name());
  }
}
