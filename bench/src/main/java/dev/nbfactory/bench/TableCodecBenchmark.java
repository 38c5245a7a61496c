package dev.nbfactory.bench;

import dev.nbfactory.magics.FactorySession;
import dev.nbfactory.magics.NotebookContext;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.FolderArtifactStore;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.RegistryLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The table codec's targets: {@code Factory.output} of a 1,000,000 x 10 table within 1.3x of
 * Tablesaw's own CSV write of it, and {@code Factory.input} within 1.2x of Tablesaw's CSV read. A
 * timed process, not JMH: each operation takes seconds, so a few interleaved rounds (a busy machine
 * slows all contenders alike) and their medians say enough. Usage: {@code TableCodecBenchmark
 * [ROUNDS=5] [ROWS=1000000]}.
 *
 * <p>Each round: Tablesaw {@code table.write().csv(file)}; {@code output} (CSV hashed on its way to
 * the store's temp file, fsync, rename, and the version recorded in an embedded SQLite registry);
 * Tablesaw {@code Table.read().csv(file)} with its defaults (type inference); {@code input}
 * (verified read with the recorded column types, input edge recorded). The table has ten columns:
 * int, long, two doubles, float, boolean, two strings (one with commas to quote), a date and a
 * date-time. Files and objects are deleted between rounds, outside the clock.
 */
public final class TableCodecBenchmark {
  private TableCodecBenchmark() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Table table = generate(rows);
    Path dir = BenchFiles.freshDir("table-codec-");
    System.out.printf(
        Locale.ROOT,
        "table %d rows x %d columns; %d timed rounds after 1 warm-up; in %s%n",
        table.rowCount(),
        table.columnCount(),
        rounds,
        dir);
    Map<String, List<Long>> nanos = new LinkedHashMap<>();
    try (Registry registry =
        Registry.open(RegistryLocation.ofFolder(dir.resolve(".factory")), Clock.systemUTC())) {
      for (int round = 0; round <= rounds; round++) {
        boolean timed = round > 0;
        Path csv = dir.resolve("tablesaw-" + round + ".csv");
        FactorySession session =
            new FactorySession(NotebookContext.builder().registry(registry).build());
        session.stage("bench-write");

        long t0 = System.nanoTime();
        table.write().csv(csv.toFile());
        long t1 = System.nanoTime();
        ArtifactVersion version = session.output("bench-table", table);
        long t2 = System.nanoTime();
        Table tablesawRead = Table.read().csv(csv.toFile());
        long t3 = System.nanoTime();
        Table factoryRead = session.table(version.ref());
        long t4 = System.nanoTime();
        Table typedRead =
            Table.read()
                .usingOptions(
                    tech.tablesaw.io.csv.CsvReadOptions.builder(csv.toFile())
                        .columnTypes(table.types().toArray(new tech.tablesaw.api.ColumnType[0])));
        long t5 = System.nanoTime();
        check(table, typedRead.rowCount(), factoryRead);

        check(table, tablesawRead.rowCount(), factoryRead);
        if (timed) {
          add(nanos, "Tablesaw CSV write", t1 - t0);
          add(nanos, "Factory.output", t2 - t1);
          add(nanos, "Tablesaw CSV read", t3 - t2);
          add(nanos, "Factory.input", t4 - t3);
          add(nanos, "ref: typed CSV read", t5 - t4);
        }
        System.out.printf(
            Locale.ROOT,
            "%s round %d: write %d ms, output %d ms, read %d ms, input %d ms (CSV %,d bytes,"
                + " object %,d bytes)%n",
            timed ? "timed" : "warm-up",
            round,
            (t1 - t0) / 1_000_000,
            (t2 - t1) / 1_000_000,
            (t3 - t2) / 1_000_000,
            (t4 - t3) / 1_000_000,
            Files.size(csv),
            version.size());
        session.close();
        Files.delete(csv);
        Files.deleteIfExists(
            FolderArtifactStore.of(registry.store()).objectPath(version.contentHash()));
      }
    }
    BenchFiles.deleteRecursively(dir);
    report(nanos);
  }

  public static Table generate(int rows) {
    Random random = new Random(42);
    IntColumn id = IntColumn.create("id");
    LongColumn account = LongColumn.create("account");
    DoubleColumn score = DoubleColumn.create("score");
    DoubleColumn spend = DoubleColumn.create("spend");
    FloatColumn ratio = FloatColumn.create("ratio");
    BooleanColumn churned = BooleanColumn.create("churned");
    StringColumn plan = StringColumn.create("plan");
    StringColumn city = StringColumn.create("city");
    DateColumn joined = DateColumn.create("joined");
    DateTimeColumn seen = DateTimeColumn.create("last_seen");
    String[] plans = {"basic", "pro", "team", "enterprise"};
    String[] cities = {"Oslo", "Lyon", "Austin, TX", "Kyoto", "Porto", "Cork"};
    LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
    for (int i = 0; i < rows; i++) {
      id.append(i);
      account.append(random.nextLong());
      score.append(random.nextGaussian());
      spend.append(random.nextInt(100_000) / 100.0);
      ratio.append(random.nextFloat());
      churned.append(random.nextInt(10) == 0);
      plan.append(plans[random.nextInt(plans.length)]);
      city.append(cities[random.nextInt(cities.length)]);
      joined.append(LocalDate.ofEpochDay(18_000 + random.nextInt(2_000)));
      seen.append(start.plusSeconds(random.nextInt(30_000_000)));
    }
    return Table.create(
        "customers", id, account, score, spend, ratio, churned, plan, city, joined, seen);
  }

  private static void check(Table expected, int tablesawRows, Table read) {
    if (tablesawRows != expected.rowCount() || read.rowCount() != expected.rowCount()) {
      throw new IllegalStateException("a read lost rows");
    }
    for (int c = 0; c < expected.columnCount(); c++) {
      if (read.column(c).type() != expected.column(c).type()) {
        throw new IllegalStateException("column " + c + " changed type: " + read.column(c).type());
      }
    }
    for (int r : new int[] {0, expected.rowCount() / 2, expected.rowCount() - 1}) {
      for (int c = 0; r >= 0 && c < expected.columnCount(); c++) {
        if (!expected.column(c).getString(r).equals(read.column(c).getString(r))) {
          throw new IllegalStateException("row " + r + " column " + c + " differs");
        }
      }
    }
  }

  private static void add(Map<String, List<Long>> nanos, String name, long value) {
    nanos.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  private static double medianMs(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return median / 1e6;
  }

  private static void report(Map<String, List<Long>> nanos) {
    System.out.println();
    System.out.println("median of the timed rounds:");
    nanos.forEach(
        (name, values) ->
            System.out.printf(
                Locale.ROOT,
                "  %-20s %8.0f ms   (min %.0f, max %.0f)%n",
                name,
                medianMs(values),
                values.stream().mapToLong(Long::longValue).min().orElse(0) / 1e6,
                values.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6));
    double write = medianMs(nanos.get("Tablesaw CSV write"));
    double output = medianMs(nanos.get("Factory.output"));
    double read = medianMs(nanos.get("Tablesaw CSV read"));
    double input = medianMs(nanos.get("Factory.input"));
    System.out.printf(
        Locale.ROOT,
        "ratio Factory.output / Tablesaw CSV write = %.2f (target <= 1.3): %s%n",
        output / write,
        output / write <= 1.3 ? "met" : "MISSED");
    System.out.printf(
        Locale.ROOT,
        "ratio Factory.input / Tablesaw CSV read   = %.2f (target <= 1.2): %s%n",
        input / read,
        input / read <= 1.2 ? "met" : "MISSED");
  }
}
