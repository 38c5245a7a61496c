package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.ParameterCell;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code %%params [--secret NAME]...}: a cell of Java declarations whose values become the run's
 * parameters. Returns a {@link ParamsCell} that the kernel evaluates.
 */
public final class ParamsMagic implements FactoryMagic {
  private final Supplier<FactorySession> session;

  public ParamsMagic(Supplier<FactorySession> session) {
    this.session = session;
  }

  @Override
  public String name() {
    return "params";
  }

  @Override
  public String usage() {
    return "%%params [--secret NAME]...  (then Java declarations: int epochs = 10;)";
  }

  @Override
  public String help() {
    return "Declares the stage's parameters as Java variables and records their values (secrets"
        + " masked); the runner can override them.";
  }

  @Override
  public boolean isCell() {
    return true;
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs parsed = MagicArgs.parse(this, args, Set.of("secret"), Set.of()).expect(0, 0);
    String source = body == null ? "" : body;
    Map<String, Object> values = ParameterCell.parse(source).values();
    Map<String, String> recorded =
        values.isEmpty() ? Map.of() : session.get().parameters(values, parsed.options("secret"));
    return new ParamsCell(source, values, recorded);
  }
}
