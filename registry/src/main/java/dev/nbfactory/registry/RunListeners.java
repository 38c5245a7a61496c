package dev.nbfactory.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The listeners a registry tells of runs that started and finished once their write committed. A
 * listener's failure never fails the run it reports on: it is one warning line naming the cause (a
 * lineage server that is down is no reason for a page of trace), the trace logged at DEBUG.
 */
final class RunListeners implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Registry.class.getName());

  private final List<RunListener> listeners = new CopyOnWriteArrayList<>();

  void add(RunListener listener) {
    listeners.add(listener);
  }

  /** Tells every listener, reading each run's record once with {@code record}. */
  void notify(List<String> started, List<String> finished, Function<String, RunRecord> record) {
    if (listeners.isEmpty() || started.isEmpty() && finished.isEmpty()) {
      return;
    }
    for (String id : started) {
      RunRecord r = record.apply(id);
      for (RunListener listener : listeners) {
        safely(listener, () -> listener.runStarted(r));
      }
    }
    for (String id : finished) {
      RunRecord r = record.apply(id);
      for (RunListener listener : listeners) {
        safely(listener, () -> listener.runFinished(r));
      }
    }
  }

  private static void safely(RunListener listener, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && cause.getCause() != cause) {
        cause = cause.getCause();
      }
      LOG.log(
          System.Logger.Level.WARNING,
          "could not report the run to "
              + listener
              + ": "
              + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
              + "; the run goes on");
      LOG.log(System.Logger.Level.DEBUG, "run listener failed", e);
    }
  }

  @Override
  public void close() {
    for (RunListener listener : listeners) {
      if (listener instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.log(System.Logger.Level.WARNING, "closing a run listener failed", e);
        }
      }
    }
  }
}
