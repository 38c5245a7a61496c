package dev.nbfactory.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executed cells kept in an SQLite file across kernel sessions, in IPython's layout ({@code
 * sessions}, {@code history}, {@code output_history}): each kernel process is a new session,
 * numbered by the file.
 *
 * <p>Cells are written by a thread of the store's own, in batches (one transaction for all cells
 * waiting), so a cell's reply never waits for the disk. Queries run on that thread too, after every
 * cell recorded before them. {@link #close()} writes what is left and ends the session.
 */
final class HistoryStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);

  private final Path file;
  private final ExecutorService writer;
  private final List<CellHistory.Entry> pending = new ArrayList<>();
  private boolean flushScheduled;
  private Connection db;
  private int session;
  private int cells;

  private HistoryStore(Path file) {
    this.file = file;
    this.writer =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "kernel-history");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Opens {@code file} (creating it and its folder) and starts a session, in the background: the
   * kernel does not wait for it. Failures surface on the first query.
   */
  static HistoryStore open(Path file) {
    HistoryStore store = new HistoryStore(file);
    store.writer.execute(
        () -> {
          try {
            store.connect();
          } catch (SQLException | IOException | RuntimeException e) {
            LOG.warn(
                "cannot open the history file {}: {}; history stays in memory", file, e.toString());
          }
        });
    return store;
  }

  private void connect() throws SQLException, IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    db = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = NORMAL");
      s.execute(
          "CREATE TABLE IF NOT EXISTS sessions (session INTEGER PRIMARY KEY AUTOINCREMENT,"
              + " start TIMESTAMP, end TIMESTAMP, num_cmds INTEGER, remark TEXT)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS history (session INTEGER, line INTEGER, source TEXT,"
              + " source_raw TEXT, PRIMARY KEY (session, line))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS output_history (session INTEGER, line INTEGER,"
              + " output TEXT, PRIMARY KEY (session, line))");
    }
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO sessions (start, num_cmds, remark) VALUES (?, 0, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, OffsetDateTime.now().toString());
      p.setString(2, FactoryKernel.NAME);
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        session = keys.getInt(1);
      }
    }
  }

  /** Queues a cell to be written. */
  void record(int line, String source, String output) {
    synchronized (pending) {
      pending.add(new CellHistory.Entry(0, line, source, output));
      if (flushScheduled) {
        return;
      }
      flushScheduled = true;
    }
    try {
      writer.execute(
          () -> {
            try {
              writePending();
            } catch (SQLException e) {
              LOG.warn("could not write to the history file {}: {}", file, e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.warn("the history is closed; a cell was not recorded");
    }
  }

  private Void writePending() throws SQLException {
    List<CellHistory.Entry> batch;
    synchronized (pending) {
      batch = new ArrayList<>(pending);
      pending.clear();
      flushScheduled = false;
    }
    if (batch.isEmpty() || db == null) {
      return null;
    }
    db.setAutoCommit(false);
    try (PreparedStatement in =
            db.prepareStatement(
                "INSERT OR REPLACE INTO history (session, line, source, source_raw)"
                    + " VALUES (?, ?, ?, ?)");
        PreparedStatement out =
            db.prepareStatement(
                "INSERT OR REPLACE INTO output_history (session, line, output) VALUES (?, ?, ?)")) {
      for (CellHistory.Entry e : batch) {
        in.setInt(1, session);
        in.setInt(2, e.line());
        in.setString(3, e.input());
        in.setString(4, e.input());
        in.addBatch();
        if (e.output() != null) {
          out.setInt(1, session);
          out.setInt(2, e.line());
          out.setString(3, e.output());
          out.addBatch();
        }
      }
      in.executeBatch();
      out.executeBatch();
      db.commit();
      cells += batch.size();
    } catch (SQLException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
    return null;
  }

  /** This kernel's session number. */
  int session() {
    return query(() -> session);
  }

  /** Whether the file is open (false after it failed to open). */
  boolean isOpen() {
    return query0(() -> db != null);
  }

  /** The last {@code n} cells of all sessions ({@code n <= 0}: all), oldest first. */
  List<CellHistory.Entry> tail(int n) {
    return query(
        () -> {
          List<CellHistory.Entry> out =
              select(" ORDER BY h.session DESC, h.line DESC LIMIT ?", List.of(n <= 0 ? -1 : n));
          Collections.reverse(out);
          return out;
        });
  }

  /**
   * Cells {@code start <= line < stop} of {@code session} (a stop of 0 or less: to the end). A
   * session of 0 is this one, a negative one counts back from it (-1: the previous session), as in
   * IPython.
   */
  List<CellHistory.Entry> range(int sessionNumber, int start, int stop) {
    return query(
        () -> {
          int s = sessionNumber <= 0 ? session + sessionNumber : sessionNumber;
          return stop > 0
              ? select(
                  " WHERE h.session = ? AND h.line >= ? AND h.line < ? ORDER BY h.line",
                  List.of(s, start, stop))
              : select(" WHERE h.session = ? AND h.line >= ? ORDER BY h.line", List.of(s, start));
        });
  }

  /**
   * Cells whose source matches the glob {@code pattern}, the last {@code n} of them ({@code n <=
   * 0}: all), oldest first; with {@code unique}, each source once, at its latest place.
   */
  List<CellHistory.Entry> search(String pattern, int n, boolean unique) {
    return query(
        () -> {
          List<CellHistory.Entry> matches =
              select(" WHERE h.source GLOB ? ORDER BY h.session, h.line", List.of(pattern));
          if (unique) {
            Map<String, CellHistory.Entry> latest = new LinkedHashMap<>();
            for (CellHistory.Entry e : matches) {
              latest.remove(e.input());
              latest.put(e.input(), e);
            }
            matches = new ArrayList<>(latest.values());
          }
          int from = n <= 0 ? 0 : Math.max(0, matches.size() - n);
          return List.copyOf(matches.subList(from, matches.size()));
        });
  }

  private List<CellHistory.Entry> select(String rest, List<Object> params) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement(
            "SELECT h.session, h.line, h.source, o.output FROM history h"
                + " LEFT JOIN output_history o ON o.session = h.session AND o.line = h.line"
                + rest)) {
      for (int i = 0; i < params.size(); i++) {
        p.setObject(i + 1, params.get(i));
      }
      List<CellHistory.Entry> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(new CellHistory.Entry(r.getInt(1), r.getInt(2), r.getString(3), r.getString(4)));
        }
      }
      return out;
    }
  }

  /** Runs {@code q} on the writer thread after everything queued before it. */
  private <T> T query(Callable<T> q) {
    return query0(
        () -> {
          writePending();
          if (db == null) {
            throw new SQLException("the history file " + file + " is not open");
          }
          return q.call();
        });
  }

  private <T> T query0(Callable<T> q) {
    try {
      return writer.submit(q).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the history", e);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the history file " + file + " is closed", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot use the history file " + file + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Writes the cells still queued, ends the session and closes the file. */
  @Override
  public void close() {
    try {
      writer.submit(
          () -> {
            writePending();
            if (db != null) {
              try (PreparedStatement p =
                  db.prepareStatement(
                      "UPDATE sessions SET end = ?, num_cmds = ? WHERE session = ?")) {
                p.setString(1, OffsetDateTime.now().toString());
                p.setInt(2, cells);
                p.setInt(3, session);
                p.executeUpdate();
              }
              db.close();
              db = null;
            }
            return null;
          });
    } catch (RejectedExecutionException e) {
      return; // closed already
    }
    writer.shutdown();
    try {
      if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("the history file {} took too long to close", file);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
