package dev.nbfactory.kernel.magic;

import dev.nbfactory.kernel.eval.JShellEvaluator.Completion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Completion and inspection of magic names, which JShell knows nothing of: it completes {@code
 * %lin} as the Java name {@code lin}. A magic starts a line or follows {@code =} (the kernel's
 * magic parser's rule); a cell magic starts the cell.
 */
public final class MagicCompletion {
  /** Up to the cursor: what may precede a magic, its percent signs, the name typed so far. */
  private static final Pattern TYPED = Pattern.compile("^(.*=)?\\s*(%{1,2})(\\w*)$");

  private MagicCompletion() {}

  /**
   * The magics whose names start with what is typed before {@code cursor}, each with its percent
   * signs, replacing the typed name and its percent signs; empty where no magic is being typed.
   */
  public static Optional<Completion> complete(String code, int cursor, MagicHelp help) {
    int at = Math.max(0, Math.min(cursor, code.length()));
    int lineStart = code.lastIndexOf('\n', at - 1) + 1;
    Matcher m = TYPED.matcher(code.substring(lineStart, at));
    if (!m.matches()) {
      return Optional.empty();
    }
    int start = lineStart + m.start(2);
    boolean cellStart = m.group(1) == null && code.substring(0, start).isBlank();
    String prefix = m.group(3);
    List<String> matches = new ArrayList<>();
    if (m.group(2).equals("%")) {
      help.lineNames().stream()
          .filter(n -> n.startsWith(prefix))
          .forEach(n -> matches.add("%" + n));
    }
    if (cellStart) {
      help.cellNames().stream()
          .filter(n -> n.startsWith(prefix))
          .forEach(n -> matches.add("%%" + n));
    }
    return Optional.of(new Completion(List.copyOf(matches), start, wordEnd(code, at)));
  }

  /**
   * The help of the magic whose name the cursor is in or just after (arguments not yet begun), as
   * {@code %name?} shows it; empty elsewhere or for a name no magic has.
   */
  public static Optional<String> inspect(String code, int cursor, MagicHelp help) {
    int at = Math.max(0, Math.min(cursor, code.length()));
    int lineStart = code.lastIndexOf('\n', at - 1) + 1;
    int end = wordEnd(code, at);
    Matcher m = TYPED.matcher(code.substring(lineStart, end));
    if (!m.matches()) {
      // Past the name: only blanks between it and the cursor.
      int back = at;
      while (back > lineStart && (code.charAt(back - 1) == ' ' || code.charAt(back - 1) == '\t')) {
        back--;
      }
      if (back == at) {
        return Optional.empty();
      }
      m = TYPED.matcher(code.substring(lineStart, back));
      if (!m.matches()) {
        return Optional.empty();
      }
    }
    if (m.group(3).isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(help.help(m.group(2) + m.group(3)));
  }

  private static int wordEnd(String code, int at) {
    int end = at;
    while (end < code.length() && Character.isLetterOrDigit(code.charAt(end))
        || end < code.length() && code.charAt(end) == '_') {
      end++;
    }
    return end;
  }
}
