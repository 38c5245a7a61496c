package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.registry.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** {@code %registry}: where the registry is, what database it uses, how much it holds. */
public final class RegistryMagic implements FactoryMagic {
  private final Supplier<FactorySession> session;

  public RegistryMagic(Supplier<FactorySession> session) {
    this.session = session;
  }

  @Override
  public String name() {
    return "registry";
  }

  @Override
  public String usage() {
    return "%registry";
  }

  @Override
  public String help() {
    return "Shows the registry this notebook records into: location (password masked), SQLite or"
        + " PostgreSQL, and counts of stages, runs, artifacts, versions and metrics.";
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs.parse(this, args, Set.of(), Set.of()).expect(0, 0);
    Registry registry = session.get().registry();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("location", registry.location().display()));
    rows.add(List.of("database", registry.location().isEmbedded() ? "SQLite" : "PostgreSQL"));
    rows.add(List.of("objects", registry.store().location()));
    for (Map.Entry<String, Long> e : registry.counts().entrySet()) {
      rows.add(List.of(e.getKey(), String.valueOf(e.getValue())));
    }
    List<String> header = List.of("registry", "");
    return MimeBundle.html(Html.table(header, rows), Html.text(header, rows));
  }
}
