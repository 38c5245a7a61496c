package dev.nbfactory.bench;

import dev.nbfactory.magics.lineage.LineageSvg;
import dev.nbfactory.magics.magic.LineageMagic;
import dev.nbfactory.magics.magic.MimeBundle;
import dev.nbfactory.registry.Registry;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first {@code %lineage} of a session, on the graph of {@link LineageSvgBenchmark}: each fork
 * is a fresh JVM whose registry is open and has answered one lineage query (as after earlier cells)
 * but has never loaded ELK or drawn anything, so the one call timed pays for class loading and
 * interpreted code. With {@code warmedUp=true} the setup first calls {@link LineageSvg#warmUp}, as
 * a kernel can at start-up.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(
    value = 5,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Thread)
public class LineageSvgColdBenchmark {
  @Param({"false", "true"})
  boolean warmedUp;

  Registry registry;
  LineageMagic magic;
  List<String> args;

  @Setup(Level.Trial)
  public void open() {
    registry = BenchFiles.open(LineageSvgGraph.openOrBuild());
    registry.upstream(LineageSvgGraph.ROOT, LineageSvgGraph.DEPTH + 1);
    if (warmedUp) {
      LineageSvg.warmUp();
    }
    magic = new LineageMagic(() -> registry, Optional::empty);
    args = List.of(LineageSvgGraph.ROOT, "--depth", Integer.toString(LineageSvgGraph.DEPTH));
  }

  @TearDown(Level.Trial)
  public void close() {
    registry.close();
  }

  @Benchmark
  public MimeBundle firstCall() {
    return magic.run(args, null);
  }
}
