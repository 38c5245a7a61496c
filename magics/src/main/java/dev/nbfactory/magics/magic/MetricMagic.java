package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code %metric KEY VALUE [STEP]}: records one metric value. */
public final class MetricMagic implements FactoryMagic {
  private final Supplier<FactorySession> session;

  public MetricMagic(Supplier<FactorySession> session) {
    this.session = session;
  }

  @Override
  public String name() {
    return "metric";
  }

  @Override
  public String usage() {
    return "%metric KEY VALUE [STEP]";
  }

  @Override
  public String help() {
    return "Records a metric of this run, such as %metric accuracy 0.93 (STEP for curves).";
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs parsed = MagicArgs.parse(this, args, Set.of(), Set.of()).expect(2, 3);
    List<String> words = parsed.positional();
    double value;
    try {
      value = Double.parseDouble(words.get(1));
    } catch (NumberFormatException e) {
      throw parsed.error("VALUE must be a number, not '" + words.get(1) + "'");
    }
    long step = 0;
    if (words.size() == 3) {
      try {
        step = Long.parseLong(words.get(2));
      } catch (NumberFormatException e) {
        throw parsed.error("STEP must be a whole number, not '" + words.get(2) + "'");
      }
    }
    session.get().metric(words.get(0), value, step);
    return null;
  }
}
