package dev.nbfactory.bench;

import dev.nbfactory.magics.lineage.LineageCut;
import dev.nbfactory.magics.lineage.LineageSvg;
import dev.nbfactory.magics.magic.LineageMagic;
import dev.nbfactory.magics.magic.MimeBundle;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Registry;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
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
 * Target 4: {@code %lineage NAME --depth 12} of a 200-node lineage ({@link LineageSvgGraph}), warm:
 * the registry query, the ELK layout, the SVG and the text tree, as a notebook cell runs it. {@link
 * #query} and {@link #layoutAndSvg} split the time.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class LineageSvgBenchmark {
  Registry registry;
  LineageMagic magic;
  List<String> args;
  Lineage deeper;
  LineageSvg svg;

  @Setup(Level.Trial)
  public void open() {
    registry = BenchFiles.open(LineageSvgGraph.openOrBuild());
    magic = new LineageMagic(() -> registry, Optional::empty);
    args = List.of(LineageSvgGraph.ROOT, "--depth", Integer.toString(LineageSvgGraph.DEPTH));
    deeper = query();
    svg = new LineageSvg(ZoneOffset.UTC);
    Lineage shown = LineageCut.of(deeper, LineageSvgGraph.DEPTH).lineage();
    System.out.printf(
        "%n%%lineage %s: %d versions + %d runs = %d nodes, %d edges%n",
        String.join(" ", args),
        shown.versions().size(),
        shown.runs().size(),
        shown.versions().size() + shown.runs().size(),
        shown.edges().size());
  }

  @TearDown(Level.Trial)
  public void close() {
    registry.close();
  }

  /** The whole magic: query, cut, layout, SVG and text tree. */
  @Benchmark
  public MimeBundle magic() {
    return magic.run(args, null);
  }

  /** The registry query alone (one hop deeper than shown, as the magic asks). */
  @Benchmark
  public Lineage query() {
    return registry.upstream(LineageSvgGraph.ROOT, LineageSvgGraph.DEPTH + 1);
  }

  /** The cut, the ELK layout and the SVG text, from a lineage already read. */
  @Benchmark
  public String layoutAndSvg() {
    return svg.render(LineageCut.of(deeper, LineageSvgGraph.DEPTH));
  }
}
