package dev.nbfactory.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The durable log of one serving run's predictions. {@link #append} returns only once the row is
 * committed (on SQLite with {@code synchronous=FULL}: fsynced), so a prediction whose id was sent
 * to a client survives {@code kill -9}. Appends group-commit: one writer thread takes everything
 * queued while the previous transaction committed and writes it in one transaction, so many
 * concurrent requests share one fsync. The queue is bounded; when it is full, callers wait. Open
 * with {@link #open}, close before the registry. Thread-safe.
 */
public final class PredictionLog implements AutoCloseable {
  /** Appends (a row or a request's rows) that may wait for the writer before callers block. */
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

  /** Rows written in one transaction at most: keeps a commit, and the write lock, short. */
  public static final int DEFAULT_MAX_BATCH = 1_000;

  /** Rows that commit together, and the caller waiting for them. */
  private record Pending(List<PredictionRecord> rows, CompletableFuture<Void> done) {}

  /** Put last by {@link #close}: the writer commits what it holds and stops. */
  private static final Pending CLOSE = new Pending(List.of(), new CompletableFuture<>());

  private final Database database;
  private final String runId;
  private final int maxBatch;
  private final BlockingQueue<Pending> queue;
  // Appends enqueue under the read lock and close flips `closed` under the write lock, so once
  // closed nothing enters the queue behind the CLOSE marker and no append waits forever.
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong logged = new AtomicLong();
  private final Thread writer;

  private PredictionLog(Database database, String runId, int queueCapacity, int maxBatch) {
    this.database = database;
    this.runId = runId;
    this.maxBatch = maxBatch;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.writer = new Thread(this::writeUntilClosed, "prediction-log-" + runId);
    // A server that exits without closing loses only appends nobody was told succeeded.
    writer.setDaemon(true);
    writer.start();
  }

  /** Opens the log of serving run {@code servingRunId}, which must exist in {@code registry}. */
  public static PredictionLog open(Registry registry, String servingRunId) {
    return open(registry, servingRunId, DEFAULT_QUEUE_CAPACITY, DEFAULT_MAX_BATCH);
  }

  /** As {@link #open(Registry, String)}, with the queue's capacity and a transaction's rows. */
  public static PredictionLog open(
      Registry registry, String servingRunId, int queueCapacity, int maxBatch) {
    if (queueCapacity < 1 || maxBatch < 1) {
      throw new InvalidInputException(
          "a prediction log needs a queue and batches of 1 or more, not "
              + queueCapacity
              + " and "
              + maxBatch);
    }
    Database database = registry.predictions().database();
    if (!database.read(c -> PredictionSql.runExists(c, servingRunId))) {
      throw new NotFoundException(
          "no run '" + servingRunId + "' to log predictions under: start the serving run first");
    }
    return new PredictionLog(database, servingRunId, queueCapacity, maxBatch);
  }

  /** The serving run whose predictions this log records. */
  public String servingRunId() {
    return runId;
  }

  /**
   * Logs one prediction and returns once it is committed. Throws, and the prediction must not be
   * acknowledged, when the commit failed, the id is already logged, or the log is closed.
   */
  public void append(PredictionRecord record) {
    appendAll(List.of(record));
  }

  /**
   * Logs the rows of one request (production and shadow) in one transaction, and returns once they
   * are committed; throws as {@link #append} does.
   */
  public void appendAll(List<PredictionRecord> records) {
    Pending pending = new Pending(List.copyOf(records), new CompletableFuture<>());
    if (pending.rows().isEmpty()) {
      return;
    }
    gate.readLock().lock();
    try {
      if (closed) {
        throw new FactoryException("the prediction log of run " + runId + " is closed");
      }
      queue.put(pending);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FactoryException("interrupted before prediction " + first(pending) + " was queued");
    } finally {
      gate.readLock().unlock();
    }
    await(pending);
  }

  private static void await(Pending pending) {
    try {
      pending.done().get();
    } catch (ExecutionException e) {
      // Each failure is an exception made for this append alone, so throwing it is safe.
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new RegistryException("prediction " + first(pending) + " was not logged", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FactoryException(
          "interrupted while prediction "
              + first(pending)
              + " was being logged: it may or may not"
              + " be in the log",
          e);
    }
  }

  /** Transactions committed so far: fewer than appends when commits were shared. */
  public long commits() {
    return commits.get();
  }

  /** Rows committed so far. */
  public long logged() {
    return logged.get();
  }

  /** Stops taking appends, commits everything queued, and waits for the writer to stop. */
  @Override
  public void close() {
    gate.writeLock().lock();
    boolean first;
    try {
      first = !closed;
      closed = true;
    } finally {
      gate.writeLock().unlock();
    }
    boolean interrupted = false;
    while (first) {
      try {
        queue.put(CLOSE);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeUntilClosed() {
    List<Pending> batch = new ArrayList<>();
    boolean closing = false;
    while (!closing) {
      Pending next = takeUninterruptibly();
      int rows = 0;
      while (next != null) {
        if (next == CLOSE) {
          closing = true;
          break;
        }
        batch.add(next);
        rows += next.rows().size();
        // Everything that queued up during the last commit goes into this one.
        next = rows < maxBatch ? queue.poll() : null;
      }
      if (!batch.isEmpty()) {
        commit(batch);
        batch.clear();
      }
    }
  }

  private Pending takeUninterruptibly() {
    while (true) {
      try {
        return queue.take();
      } catch (InterruptedException e) {
        // Only close stops the writer: an interrupt would leave appends waiting forever.
      }
    }
  }

  /** Writes a batch in one transaction, then releases its callers: never before the commit. */
  private void commit(List<Pending> batch) {
    List<PredictionRecord> rows = new ArrayList<>();
    batch.forEach(p -> rows.addAll(p.rows()));
    boolean[] inserted;
    try {
      inserted = database.write(c -> PredictionSql.insert(c, runId, rows));
    } catch (Throwable e) {
      for (Pending pending : batch) {
        pending
            .done()
            .completeExceptionally(
                new RegistryException(
                    "prediction " + first(pending) + " was not logged: " + e.getMessage(), e));
      }
      return;
    }
    commits.incrementAndGet();
    int i = 0;
    for (Pending pending : batch) {
      String duplicate = null;
      for (PredictionRecord row : pending.rows()) {
        if (inserted[i++]) {
          logged.incrementAndGet();
        } else if (duplicate == null) {
          duplicate = row.id();
        }
      }
      if (duplicate == null) {
        pending.done().complete(null);
      } else {
        pending
            .done()
            .completeExceptionally(
                new InvalidInputException(
                    "prediction '" + duplicate + "' is already in the log; ids must be unique"));
      }
    }
  }

  private static String first(Pending pending) {
    return "'" + pending.rows().get(0).id() + "'";
  }
}
