package dev.nbfactory.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inputs (and text outputs) of executed cells, for {@code history_request}: tail, range and
 * glob search. With a history file ({@link HistoryStore}) they span this and earlier kernel
 * sessions; without one, or should the file fail, only this session's, kept in memory.
 */
final class CellHistory implements AutoCloseable {
  /** The number of this session when there is no history file. */
  static final int SESSION = 1;

  private static final Logger LOG = LoggerFactory.getLogger(CellHistory.class);

  /** One cell: its session, execution count, input, and text/plain output or null. */
  record Entry(int session, int line, String input, String output) {}

  private final List<Entry> entries = new ArrayList<>();
  private final HistoryStore store;

  /** A history of this session only, in memory. */
  CellHistory() {
    this.store = null;
  }

  /** A history kept in {@code file} across sessions. */
  CellHistory(Path file) {
    this.store = HistoryStore.open(file);
  }

  synchronized void add(int line, String input, String output) {
    entries.add(new Entry(SESSION, line, input, output));
    if (store != null) {
      store.record(line, input, output);
    }
  }

  /** This session's number. */
  int session() {
    HistoryStore s = usableStore();
    return s == null ? SESSION : s.session();
  }

  /** The last {@code n} entries, oldest first. */
  List<Entry> tail(int n) {
    HistoryStore s = usableStore();
    if (s != null) {
      return s.tail(n);
    }
    synchronized (this) {
      int from = n <= 0 ? 0 : Math.max(0, entries.size() - n);
      return List.copyOf(entries.subList(from, entries.size()));
    }
  }

  /**
   * Entries with {@code start <= line < stop} in {@code session} (0 meaning this one, negative
   * counting back from it, as in IPython; a stop of 0 or less means the end).
   */
  List<Entry> range(int session, int start, int stop) {
    HistoryStore s = usableStore();
    if (s != null) {
      return s.range(session, start, stop);
    }
    if (session != SESSION && session != 0) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    synchronized (this) {
      for (Entry e : entries) {
        if (e.line >= start && (stop <= 0 || e.line < stop)) {
          out.add(e);
        }
      }
    }
    return out;
  }

  /**
   * Entries whose input matches the glob {@code pattern} ({@code *}, {@code ?}, {@code [...]}), the
   * last {@code n} of them ({@code n <= 0}: all); with {@code unique}, each input once, at its
   * latest place.
   */
  List<Entry> search(String pattern, int n, boolean unique) {
    HistoryStore s = usableStore();
    if (s != null) {
      return s.search(pattern, n, unique);
    }
    Pattern regex = glob(pattern);
    List<Entry> matches = new ArrayList<>();
    synchronized (this) {
      for (Entry e : entries) {
        if (regex.matcher(e.input).matches()) {
          matches.add(e);
        }
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

  private HistoryStore usableStore() {
    if (store == null) {
      return null;
    }
    try {
      return store.isOpen() ? store : null;
    } catch (IllegalStateException e) {
      LOG.debug("history file unusable", e);
      return null;
    }
  }

  /** Writes what is queued to the history file and closes it. */
  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
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
