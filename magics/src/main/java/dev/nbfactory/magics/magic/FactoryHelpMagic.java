package dev.nbfactory.magics.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code %factory help}: every factory magic with its usage and what it does. */
public final class FactoryHelpMagic implements FactoryMagic {
  private final Supplier<List<FactoryMagic>> magics;

  public FactoryHelpMagic(Supplier<List<FactoryMagic>> magics) {
    this.magics = magics;
  }

  @Override
  public String name() {
    return "factory";
  }

  @Override
  public String usage() {
    return "%factory help";
  }

  @Override
  public String help() {
    return "Lists the factory magics with their usage and help.";
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs parsed = MagicArgs.parse(this, args, Set.of(), Set.of()).expect(0, 1);
    if (!parsed.positional().isEmpty() && !parsed.positional().get(0).equals("help")) {
      throw parsed.error("unknown subcommand '" + parsed.positional().get(0) + "'");
    }
    List<String> header = List.of("magic", "what it does");
    List<List<String>> rows = new ArrayList<>();
    for (FactoryMagic magic : magics.get()) {
      rows.add(List.of(magic.usage(), magic.help()));
    }
    String intro =
        "Factory magics. From Java: Factory.stage(name), Factory.table(ref), Factory.model(ref),"
            + " Factory.path(ref), Factory.output(name, value), Factory.metric(key, value),"
            + " Factory.metrics(evaluation), Factory.finish().";
    return MimeBundle.html(
        "<p>" + Html.escape(intro) + "</p>\n" + Html.table(header, rows),
        intro + "\n\n" + Html.text(header, rows));
  }
}
