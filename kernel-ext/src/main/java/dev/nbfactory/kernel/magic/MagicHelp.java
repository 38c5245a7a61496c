package dev.nbfactory.kernel.magic;

import java.util.Map;
import java.util.TreeMap;

/** One line of help for each magic, shown by {@code %lsmagic} and by {@code %name?}. */
public final class MagicHelp {
  private final Map<String, String> lines = new TreeMap<>();
  private final Map<String, String> cells = new TreeMap<>();

  /** Records help for a line magic ({@code %name}). */
  public void line(String name, String help) {
    lines.put(name, help);
  }

  /** Records help for a cell magic ({@code %%name}). */
  public void cell(String name, String help) {
    cells.put(name, help);
  }

  /** Help for {@code %name} or {@code %%name}, or null. */
  public String help(String magic) {
    if (magic.startsWith("%%")) {
      String h = cells.get(magic.substring(2));
      return h == null ? null : magic + "  " + h;
    }
    String name = magic.startsWith("%") ? magic.substring(1) : magic;
    String h = lines.get(name);
    if (h != null) {
      return "%" + name + "  " + h;
    }
    h = cells.get(name);
    return h == null ? null : "%%" + name + "  " + h;
  }

  /** The listing {@code %lsmagic} prints. */
  public String listing() {
    StringBuilder out = new StringBuilder("Line magics:\n");
    lines.forEach((name, help) -> out.append(String.format("  %%%-12s %s%n", name, help)));
    out.append("\nCell magics (first line of a cell):\n");
    cells.forEach((name, help) -> out.append(String.format("  %%%%%-11s %s%n", name, help)));
    out.append("\nAppend ? to a magic for its help: %jars?\n");
    return out.toString();
  }
}
