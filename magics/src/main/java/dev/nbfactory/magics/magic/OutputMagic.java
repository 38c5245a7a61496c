package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/** {@code %output VAR as NAME}: stores a notebook variable's value as a version of NAME. */
public final class OutputMagic implements FactoryMagic {
  private final Supplier<FactorySession> session;
  private final VariableLookup variables;

  public OutputMagic(Supplier<FactorySession> session, VariableLookup variables) {
    this.session = session;
    this.variables = variables;
  }

  @Override
  public String name() {
    return "output";
  }

  @Override
  public String usage() {
    return "%output VAR as NAME";
  }

  @Override
  public String help() {
    return "Stores the value of VAR (a Table, a Tribuo Model, an XChart chart, a String report,"
        + " a Path) as the next version of artifact NAME, produced by this run.";
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs parsed = MagicArgs.parse(this, args, Set.of(), Set.of());
    List<String> words = parsed.positional();
    if (words.size() != 3 || !words.get(1).equals("as")) {
      throw parsed.error("expected VAR as NAME");
    }
    String variable = words.get(0);
    String name = words.get(2);
    Object value =
        variables
            .value(variable)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "%output: no variable '"
                            + variable
                            + "' with a value in this notebook; define it first, or call"
                            + " Factory.output(\""
                            + name
                            + "\", value)"));
    ArtifactVersion version = session.get().output(name, value);
    return MimeBundle.text(describe(version));
  }

  static String describe(ArtifactVersion v) {
    return "stored "
        + v.ref()
        + " ("
        + v.kind().name().toLowerCase(Locale.ROOT)
        + ", "
        + v.size()
        + " bytes, sha256 "
        + v.shortHash()
        + ")";
  }
}
