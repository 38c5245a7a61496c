package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.ParameterCell;
import dev.nbfactory.registry.SecretMarks;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code %%params [--secret NAME]... [--not-secret NAME]...}: a cell of Java declarations whose
 * values become the run's parameters. Returns a {@link ParamsCell} that the kernel evaluates.
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
    return ParameterCell.PARAMS_USAGE + " (int epochs = 10;)";
  }

  @Override
  public String help() {
    return "Declares the stage's parameters as Java variables and records their values; the runner"
        + " can override them. Secrets are masked: names like password, pwd, token, api_key, and"
        + " those given to --secret; --not-secret shows one that only looks like a secret"
        + " (maxTokens).";
  }

  @Override
  public boolean isCell() {
    return true;
  }

  @Override
  public Object run(List<String> args, String body) {
    SecretMarks marks = ParameterCell.secretOptions(String.join(" ", args));
    String source = body == null ? "" : body;
    Map<String, Object> values = ParameterCell.parse(source).values();
    Map<String, String> recorded =
        values.isEmpty() ? Map.of() : session.get().parameters(values, marks);
    return new ParamsCell(source, values, recorded);
  }
}
