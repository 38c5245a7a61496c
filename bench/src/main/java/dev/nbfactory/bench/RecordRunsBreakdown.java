package dev.nbfactory.bench;

import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the time of {@link RecordRunsBenchmark} goes, by registry method: records the same {@value
 * RecordRunsBenchmark#RUNS} runs through a timing proxy, once batched and once per call, and prints
 * the time per call and per run of each method. Not a JMH benchmark (the proxy adds a little); a
 * profile to read next to it. Usage: {@code RecordRunsBreakdown [runsPerTransaction] [rounds]
 * [batched|percall|both]}.
 */
public final class RecordRunsBreakdown {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private RecordRunsBreakdown() {}

  public static void main(String[] args) throws java.io.IOException {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    String mode = args.length > 2 ? args[2] : "both";
    RecordRunsBenchmark.Fresh objects = new RecordRunsBenchmark.Fresh();
    objects.store();
    for (int round = 1; round <= rounds; round++) {
      // The last round is reported; the ones before it warm the JIT up.
      boolean report = round == rounds;
      if (!mode.equals("percall")) {
        breakdown("batched, " + batch + " runs per transaction", batch, objects, report);
      }
      if (!mode.equals("batched")) {
        breakdown("per call, one transaction per method call", 0, objects, report);
      }
    }
  }

  /** Records the runs into a fresh registry that links to the objects {@code stored} holds. */
  private static void breakdown(
      String title, int batch, RecordRunsBenchmark.Fresh stored, boolean report)
      throws java.io.IOException {
    String[] hashes = stored.outputHashes;
    RecordRunsBenchmark.Fresh fresh = new RecordRunsBenchmark.Fresh();
    fresh.outputHashes = hashes;
    fresh.objects = stored.objects;
    fresh.open();
    Map<String, long[]> calls = new TreeMap<>();
    Registry registry = fresh.registry;
    long start = System.nanoTime();
    long startCpu = THREADS.getCurrentThreadCpuTime();
    if (batch > 0) {
      for (int first = 0; first < RecordRunsBenchmark.RUNS; first += batch) {
        int from = first;
        int to = Math.min(RecordRunsBenchmark.RUNS, first + batch);
        long t0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        long[] inside = new long[2];
        registry.write(
            w -> {
              long t1 = System.nanoTime();
              long c1 = THREADS.getCurrentThreadCpuTime();
              RegistryWriter timed = timing(w, calls);
              for (int i = from; i < to; i++) {
                RecordRunsBenchmark.recordRun(timed, i, hashes);
              }
              inside[0] = System.nanoTime() - t1;
              inside[1] = THREADS.getCurrentThreadCpuTime() - c1;
              return null;
            });
        add(
            calls,
            "(transaction: begin, commit, fsync)",
            System.nanoTime() - t0 - inside[0],
            THREADS.getCurrentThreadCpuTime() - c0 - inside[1]);
      }
    } else {
      RegistryWriter timed = timing(registry, calls);
      for (int i = 0; i < RecordRunsBenchmark.RUNS; i++) {
        RecordRunsBenchmark.recordRun(timed, i, hashes);
      }
    }
    long total = System.nanoTime() - start;
    long totalCpu = THREADS.getCurrentThreadCpuTime() - startCpu;
    fresh.check();
    if (!report) {
      return;
    }
    int runs = RecordRunsBenchmark.RUNS;
    System.out.printf(
        Locale.ROOT,
        "%n%s: %,d runs in %.2f s = %.0f runs/s (thread CPU %.2f s = %.0f runs/s)%n"
            + "%-38s %9s %10s %10s %7s %10s %7s%n",
        title,
        runs,
        total / 1e9,
        runs / (total / 1e9),
        totalCpu / 1e9,
        runs / (totalCpu / 1e9),
        "method",
        "calls",
        "us/call",
        "us/run",
        "share",
        "cpu us/run",
        "share");
    for (Map.Entry<String, long[]> e : calls.entrySet()) {
      long[] slot = e.getValue();
      System.out.printf(
          Locale.ROOT,
          "%-38s %9d %10.1f %10.1f %6.1f%% %10.1f %6.1f%%%n",
          e.getKey(),
          slot[2],
          slot[0] / 1e3 / slot[2],
          slot[0] / 1e3 / runs,
          100.0 * slot[0] / total,
          slot[1] / 1e3 / runs,
          100.0 * slot[1] / totalCpu);
    }
  }

  private static RegistryWriter timing(RegistryWriter target, Map<String, long[]> calls) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          long t0 = System.nanoTime();
          long c0 = THREADS.getCurrentThreadCpuTime();
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            add(
                calls,
                method.getName(),
                System.nanoTime() - t0,
                THREADS.getCurrentThreadCpuTime() - c0);
          }
        };
    return (RegistryWriter)
        Proxy.newProxyInstance(
            RegistryWriter.class.getClassLoader(), new Class<?>[] {RegistryWriter.class}, handler);
  }

  /** Adds one call's wall-clock and thread CPU nanoseconds under {@code name}. */
  private static void add(Map<String, long[]> calls, String name, long nanos, long cpuNanos) {
    long[] slot = calls.computeIfAbsent(name, k -> new long[3]);
    slot[0] += nanos;
    slot[1] += cpuNanos;
    slot[2]++;
  }
}
