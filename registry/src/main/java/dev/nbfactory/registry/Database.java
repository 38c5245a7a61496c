package dev.nbfactory.registry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One JDBC connection with the settings the registry relies on, and transactions with bounded
 * retry. SQLite: WAL, {@code synchronous=FULL}, foreign keys, a busy timeout, and every write
 * transaction {@code BEGIN IMMEDIATE} so two writers never deadlock upgrading a read lock.
 */
final class Database implements AutoCloseable {
  static final int BUSY_TIMEOUT_MS = 15_000;
  private static final int MAX_ATTEMPTS = 8;

  private final String url;
  private final Dialect dialect;
  private final Connection connection;
  private final StatementCache statements;
  // One connection serves every thread of this process; JDBC connections are not thread-safe.
  private final ReentrantLock lock = new ReentrantLock();

  private Database(String url, Dialect dialect, Connection connection) {
    this.url = url;
    this.dialect = dialect;
    this.connection = connection;
    this.statements = new StatementCache(connection);
  }

  public static Database connect(String url, Properties extra) {
    Dialect dialect = Dialect.of(url);
    Properties props = new Properties();
    if (dialect == Dialect.SQLITE) {
      props.setProperty("journal_mode", "WAL");
      props.setProperty("synchronous", "FULL");
      props.setProperty("foreign_keys", "true");
      props.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
      // A larger page cache and memory-mapped reads: lineage walks touch many index pages.
      props.setProperty("cache_size", "-65536");
      props.setProperty("mmap_size", "268435456");
    }
    props.putAll(extra);
    SQLException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        Connection connection = DriverManager.getConnection(url, props);
        return new Database(url, dialect, connection);
      } catch (SQLException e) {
        // Turning on WAL needs a brief exclusive lock; another process creating the file holds it.
        if (!dialect.isRetryable(e)) {
          throw new RegistryException(
              "cannot open the registry at " + Secrets.redactUrl(url) + ": " + e.getMessage(), e);
        }
        last = e;
        backOff(attempt);
      }
    }
    throw new RegistryException(
        "cannot open the registry at " + Secrets.redactUrl(url) + ": still locked", last);
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The URL with any password masked: the only form that may be shown or logged. */
  public String displayUrl() {
    return Secrets.redactUrl(url);
  }

  /**
   * Runs {@code work} in one write transaction, retried from the start if the database was busy.
   */
  public <T> T write(SqlWork<T> work) {
    return transaction(work, false);
  }

  /** Runs {@code work} in a read-only snapshot. */
  public <T> T read(SqlWork<T> work) {
    return transaction(work, true);
  }

  private <T> T transaction(SqlWork<T> work, boolean readOnly) {
    lock.lock();
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          if (readOnly && dialect == Dialect.SQLITE) {
            // Autocommit reads see a consistent WAL snapshot per statement and take no write lock.
            connection.setAutoCommit(true);
            return work.run(statements.connection());
          }
          begin();
          try {
            T result = work.run(statements.connection());
            commit();
            return result;
          } catch (WrappedSqlException e) {
            rollbackQuietly(e);
            throw e.sqlException();
          } catch (SQLException | RuntimeException | Error e) {
            rollbackQuietly(e);
            throw e;
          } finally {
            if (dialect != Dialect.SQLITE) {
              connection.setAutoCommit(true);
            }
          }
        } catch (SQLException e) {
          if (dialect.isRetryable(e) && attempt < MAX_ATTEMPTS) {
            backOff(attempt);
            continue;
          }
          throw new RegistryException(
              "registry "
                  + displayUrl()
                  + (dialect.isRetryable(e)
                      ? " stayed busy after " + attempt + " attempts: " + e.getMessage()
                      : ": " + e.getMessage()),
              e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Starts a write transaction. SQLite gets an explicit {@code BEGIN IMMEDIATE} on a connection
   * left in auto-commit mode rather than the driver's {@code setAutoCommit(false)}: when that BEGIN
   * fails as busy, the driver still records the connection as inside a transaction, so the retry
   * would run its statements one by one, each committed on its own; and the driver's {@code
   * commit()} begins the next transaction at once, which takes the write lock again and, when that
   * is busy, fails a write that did commit.
   */
  private void begin() throws SQLException {
    if (dialect == Dialect.SQLITE) {
      connection.setAutoCommit(true);
      execute("BEGIN IMMEDIATE");
    } else {
      connection.setAutoCommit(false);
    }
  }

  private void commit() throws SQLException {
    if (dialect == Dialect.SQLITE) {
      execute("COMMIT");
    } else {
      connection.commit();
    }
  }

  private void rollbackQuietly(Throwable cause) {
    try {
      if (dialect == Dialect.SQLITE) {
        execute("ROLLBACK");
      } else {
        connection.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void backOff(int attempt) {
    long base = Math.min(1000L, 10L << Math.min(attempt, 6));
    try {
      Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FactoryException("interrupted while waiting for the registry", e);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      statements.clear();
      connection.close();
    } catch (SQLException e) {
      throw new RegistryException("could not close the registry " + displayUrl(), e);
    } finally {
      lock.unlock();
    }
  }
}
