package dev.nbfactory.magics.magic;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.registry.ArtifactRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.tribuo.Model;
import tech.tablesaw.api.Table;

/**
 * {@code %input NAME[@VERSION] [as VAR]}: loads a version and records the read. With {@code as VAR}
 * it returns a {@link Binding} for the kernel to bind; without, the value itself, to show.
 */
public final class InputMagic implements FactoryMagic {
  private final Supplier<FactorySession> session;

  public InputMagic(Supplier<FactorySession> session) {
    this.session = session;
  }

  @Override
  public String name() {
    return "input";
  }

  @Override
  public String usage() {
    return "%input NAME[@VERSION|@ALIAS] [as VAR]";
  }

  @Override
  public String help() {
    return "Loads an artifact version (a Table, a Tribuo Model or a file Path), records that this"
        + " run read it, and binds it to VAR.";
  }

  @Override
  public Object run(List<String> args, String body) {
    MagicArgs parsed = MagicArgs.parse(this, args, Set.of(), Set.of());
    List<String> words = parsed.positional();
    if (words.size() != 1 && !(words.size() == 3 && words.get(1).equals("as"))) {
      throw parsed.error(words.isEmpty() ? "missing argument" : "expected NAME or NAME as VAR");
    }
    String ref = words.get(0);
    ArtifactRef.parse(ref);
    String variable = words.size() == 3 ? words.get(2) : null;
    if (variable != null) {
      // Refuse a bad name before anything is read or recorded.
      new Binding(variable, "java.lang.Object", null, ref);
    }
    FactorySession.Loaded loaded = session.get().read(ref);
    if (variable == null) {
      return loaded.value();
    }
    Object value = loaded.value();
    return new Binding(variable, javaType(value), value, loaded.version().ref()).stash();
  }

  static String javaType(Object value) {
    if (value instanceof Table) {
      return Table.class.getName();
    }
    if (value instanceof Model<?>) {
      return Model.class.getName() + "<?>";
    }
    if (value instanceof Path) {
      return Path.class.getName();
    }
    return value.getClass().getName();
  }
}
