package dev.nbfactory.bench;

import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Registry;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Target 2: {@code registry.upstream(ref, 50)} of a version at the last level of a {@link
 * LineageGraph} of 100,000 versions in 50 levels. The roots are {@value #ROOTS} versions of the
 * last level, away from its edges, taken in turn; their closure sizes are printed at setup.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class LineageBenchmark {
  static final int ROOTS = 16;
  static final int DEPTH = 50;

  Registry registry;
  String[] roots;
  int next;

  @Setup(Level.Trial)
  public void open() {
    LineageGraph graph = LineageGraph.DEFAULT;
    registry = BenchFiles.open(graph.openOrBuild());
    Random random = new Random(7);
    List<String> picked = new ArrayList<>();
    int margin = graph.width() / 10;
    while (picked.size() < ROOTS) {
      String ref =
          LineageGraph.ref(graph.levels() - 1, margin + random.nextInt(graph.width() - 2 * margin));
      if (!picked.contains(ref)) {
        picked.add(ref);
      }
    }
    roots = picked.toArray(String[]::new);
    IntSummaryStatistics versions = new IntSummaryStatistics();
    IntSummaryStatistics runs = new IntSummaryStatistics();
    IntSummaryStatistics edges = new IntSummaryStatistics();
    for (String root : roots) {
      Lineage lineage = registry.upstream(root, DEPTH);
      versions.accept(lineage.versions().size());
      runs.accept(lineage.runs().size());
      edges.accept(lineage.edges().size());
    }
    System.out.printf(
        "%nregistry: %s%nupstream closure over %d roots (min/mean/max): versions %d/%.0f/%d,"
            + " runs %d/%.0f/%d, edges %d/%.0f/%d%n",
        registry.counts(),
        ROOTS,
        versions.getMin(),
        versions.getAverage(),
        versions.getMax(),
        runs.getMin(),
        runs.getAverage(),
        runs.getMax(),
        edges.getMin(),
        edges.getAverage(),
        edges.getMax());
  }

  @TearDown(Level.Trial)
  public void close() {
    registry.close();
  }

  @Benchmark
  public Lineage upstream() {
    String root = roots[next];
    next = (next + 1) % roots.length;
    return registry.upstream(root, DEPTH);
  }
}
