package dev.nbfactory.kernel.magic;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

/**
 * The kernel's catalogue of magics: their names, for {@code %lsmagic} and completion after {@code
 * %}, and their help, for {@code %name?} and inspection. The names are those described here (the
 * magics a cell is rewritten for, such as {@code %time}, are in no registry) and those registered
 * in the kernel's {@link MagicsRegistry}, so that a magic an extension registers without describing
 * it is still listed and completed.
 */
public final class MagicHelp {
  /** How to call a magic and what it does; usage null for just its name. */
  private record Entry(String usage, String help) {}

  private final Map<String, Entry> lines = new TreeMap<>();
  private final Map<String, Entry> cells = new TreeMap<>();
  private final MagicsRegistry registry;

  /** Help for the magics described to it only. */
  public MagicHelp() {
    this(null);
  }

  /** Help for the magics described to it and those {@code registry} holds. */
  public MagicHelp(MagicsRegistry registry) {
    this.registry = registry;
  }

  /** Records help for a line magic ({@code %name}). */
  public void line(String name, String help) {
    line(name, null, help);
  }

  /**
   * Records help for a line magic.
   *
   * @param usage how to call it, such as {@code %lineage [REF] [--depth N]}; null for its name
   */
  public synchronized void line(String name, String usage, String help) {
    lines.put(name, new Entry(usage, help));
  }

  /** Records help for a cell magic ({@code %%name}). */
  public void cell(String name, String help) {
    cell(name, null, help);
  }

  /** Records help for a cell magic; {@code usage} as for {@link #line(String, String, String)}. */
  public synchronized void cell(String name, String usage, String help) {
    cells.put(name, new Entry(usage, help));
  }

  /** The line magics' names, without {@code %}, sorted. */
  public synchronized SortedSet<String> lineNames() {
    SortedSet<String> names = new TreeSet<>(lines.keySet());
    if (registry != null) {
      names.addAll(registry.getLineMagicNames());
    }
    return names;
  }

  /** The cell magics' names, without {@code %%}, sorted. */
  public synchronized SortedSet<String> cellNames() {
    SortedSet<String> names = new TreeSet<>(cells.keySet());
    if (registry != null) {
      names.addAll(registry.getCellMagicNames());
    }
    return names;
  }

  /**
   * Help for {@code %name} or {@code %%name} (a name without percent signs is looked up as a line
   * magic, then as a cell magic): its usage on the first line, then what it does; or null.
   */
  public synchronized String help(String magic) {
    if (magic.startsWith("%%")) {
      return page("%%", magic.substring(2), cells, cellNames());
    }
    String name = magic.startsWith("%") ? magic.substring(1) : magic;
    String line = page("%", name, lines, lineNames());
    return line != null ? line : page("%%", name, cells, cellNames());
  }

  private static String page(
      String prefix, String name, Map<String, Entry> described, SortedSet<String> all) {
    if (!all.contains(name)) {
      return null;
    }
    Entry e = described.get(name);
    if (e == null) {
      return prefix + name + "\n\nAn extension registered it without help.";
    }
    String usage = e.usage() == null || e.usage().isBlank() ? prefix + name : e.usage();
    return usage + "\n\n" + e.help();
  }

  /** The listing {@code %lsmagic} prints. */
  public synchronized String listing() {
    StringBuilder out = new StringBuilder("Line magics:\n");
    for (String name : lineNames()) {
      out.append(String.format("  %%%-12s %s%n", name, oneLine(lines.get(name))));
    }
    out.append("\nCell magics (first line of a cell):\n");
    for (String name : cellNames()) {
      out.append(String.format("  %%%%%-11s %s%n", name, oneLine(cells.get(name))));
    }
    out.append("\nAppend ? to a magic for its help: %jars?\n");
    return out.toString();
  }

  private static String oneLine(Entry e) {
    return e == null ? "" : e.help();
  }
}
