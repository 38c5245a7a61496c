package dev.nbfactory.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The inputs (and text outputs) of this kernel session's cells, for {@code history_request}: tail,
 * range and glob search.
 */
final class CellHistory {
  /** The number of the session this kernel serves; earlier sessions are not kept. */
  static final int SESSION = 1;

  /** One cell: its execution count, input, and text/plain output or null. */
  record Entry(int line, String input, String output) {}

  private final List<Entry> entries = new ArrayList<>();

  synchronized void add(int line, String input, String output) {
    entries.add(new Entry(line, input, output));
  }

  /** The last {@code n} entries, oldest first. */
  synchronized List<Entry> tail(int n) {
    int from = n <= 0 ? 0 : Math.max(0, entries.size() - n);
    return List.copyOf(entries.subList(from, entries.size()));
  }

  /**
   * Entries with {@code start <= line < stop} in {@code session} (0 or negative meaning this one,
   * as in IPython; a stop of 0 or less means the end).
   */
  synchronized List<Entry> range(int session, int start, int stop) {
    if (session != SESSION && session != 0) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.line >= start && (stop <= 0 || e.line < stop)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Entries whose input matches the glob {@code pattern} ({@code *}, {@code ?}, {@code [...]}), the
   * last {@code n} of them ({@code n <= 0}: all); with {@code unique}, each input once, at its
   * latest place.
   */
  synchronized List<Entry> search(String pattern, int n, boolean unique) {
    Pattern regex = glob(pattern);
    List<Entry> matches = new ArrayList<>();
    for (Entry e : entries) {
      if (regex.matcher(e.input).matches()) {
        matches.add(e);
      }
    }
    if (unique) {
      Map<String, Entry> latest = new LinkedHashMap<>();
      for (Entry e : matches) {
        latest.remove(e.input);
        latest.put(e.input, e);
      }
      matches = new ArrayList<>(latest.values());
    }
    int from = n <= 0 ? 0 : Math.max(0, matches.size() - n);
    return List.copyOf(matches.subList(from, matches.size()));
  }

  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '[' -> {
          int close = glob.indexOf(']', i + 1);
          if (close < 0) {
            re.append("\\[");
          } else {
            String set = glob.substring(i + 1, close);
            re.append('[')
                .append(set.startsWith("!") ? "^" + quoteSet(set.substring(1)) : quoteSet(set))
                .append(']');
            i = close;
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private static String quoteSet(String set) {
    return set.replace("\\", "\\\\").replace("[", "\\[").replace("&", "\\&");
  }
}
