package dev.nbfactory.kernel.magic;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

/**
 * {@code %reset}, as IPython's {@code %reset -f}: the session's variables, methods, classes and
 * imports go, without restarting the kernel (no confirmation is asked, as in any kernel). It
 * replaces JShell, so it cannot run inside a snippet as other line magics do: the kernel splits a
 * cell at its {@code %reset} lines ({@link #split}) and resets between the parts.
 */
public final class ResetMagic {
  /** The help of {@code %reset?} and {@code %lsmagic}. */
  public static final String HELP =
      "clear the session (variables, methods, classes, imports) without restarting the kernel;"
          + " keeps the classpath (%jars, %classpath, %maven), magics, extensions and the factory"
          + " session (registry connection, the open run and its stage); -f: say nothing";

  /** What the kernel prints after a {@code %reset} without {@code -f}. */
  public static final String DONE =
      "Reset: variables, methods, classes and imports are cleared; the classpath, magics and the"
          + " factory session (the open run and its stage) are kept.";

  private static final Pattern LINE = Pattern.compile("(?m)^[ \\t]*%reset(?![\\w?])([^\\n]*)$");

  private ResetMagic() {}

  /** A part of a cell: code to run, or a reset (quiet with {@code -f}). */
  public record Part(String code, boolean reset, boolean quiet) {}

  /**
   * The cell's code around its {@code %reset} lines, in order. Each code part keeps its place in
   * the cell (the lines before it are blank), so that errors name the cell's own line numbers. A
   * cell magic's cell ({@code %%...}) is one part: its body is the magic's.
   *
   * @throws IllegalArgumentException for {@code %reset} with an argument other than {@code -f}
   */
  public static List<Part> split(String code) {
    if (code.stripLeading().startsWith("%%")) {
      return List.of(new Part(code, false, false));
    }
    List<Part> parts = new ArrayList<>();
    Matcher m = LINE.matcher(code);
    int from = 0;
    while (m.find()) {
      String args = m.group(1).strip();
      if (!args.isEmpty() && !args.equals("-f")) {
        throw new IllegalArgumentException(
            "%reset takes no argument but -f (it always clears the whole session): " + args);
      }
      parts.add(
          new Part(blankLinesBefore(code, from) + code.substring(from, m.start()), false, false));
      parts.add(new Part(null, true, args.equals("-f")));
      from = m.end();
    }
    parts.add(new Part(blankLinesBefore(code, from) + code.substring(from), false, false));
    return parts;
  }

  private static String blankLinesBefore(String code, int at) {
    return "\n".repeat((int) code.substring(0, at).chars().filter(c -> c == '\n').count());
  }

  /**
   * Registers the help, and a magic for {@code %reset} where it is not a line of its own (a call
   * from code): there it cannot replace the JShell that runs it.
   */
  public static void register(MagicsRegistry magics, MagicHelp help) {
    magics.registerLineMagic(
        "reset",
        (LineMagic<Void, BaseKernel>)
            (kernel, args) -> {
              throw new IllegalStateException(
                  "%reset works as a line of its own in a cell, not from code");
            });
    help.line("reset", HELP);
  }
}
