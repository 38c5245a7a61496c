package dev.nbfactory.runner.cli;

import dev.nbfactory.runner.pipeline.StageNotebook;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A pipeline's stage JVMs, each started while the stage before it runs: when a stage's turn comes,
 * its JVM has booted JShell and loaded its classes, held at {@link StageGate}, and only then reads
 * the registry and runs. Each stage still gets a JVM of its own, started with exactly the command
 * and environment it would get cold, so a crash, {@code System.exit} or out-of-memory ends only
 * that stage and is recorded as before. One JVM is held ahead per parallel job; one held for a
 * stage that does not run (up to date, blocked) is ended unused. {@code FACTORY_WARM_STAGES=0}
 * starts each stage cold at its turn.
 */
final class WarmStages implements AutoCloseable {
  static final String ENV = "FACTORY_WARM_STAGES";

  private final CliContext context;
  private final List<StageNotebook> order;
  private final Function<StageNotebook, ChildRun.Command> commands;
  private final int ahead;
  private final Map<String, ChildRun.Warm> held = new LinkedHashMap<>();
  private final Set<String> started = new HashSet<>();

  /**
   * @param order the stages that may run, in the plan's order
   * @param commands each stage's command, the same each time it is asked
   * @param jobs how many stages run at once: as many JVMs are held ahead
   */
  WarmStages(
      CliContext context,
      List<StageNotebook> order,
      Function<StageNotebook, ChildRun.Command> commands,
      int jobs) {
    this.context = context;
    this.order = List.copyOf(order);
    this.commands = commands;
    this.ahead = ahead(context.env().getOrDefault(ENV, "auto"), jobs);
  }

  /**
   * How many JVMs to hold ahead: {@code jobs} with {@code 1}, none with {@code 0}; by default
   * ({@code auto}) {@code jobs} when the machine has a core to spare beyond the running stages and
   * the pipeline's own JVM, else none. A JVM booting ahead needs a core of its own to gain
   * anything: on 2 cores with one stage running it only took CPU from that stage (the demo's
   * pipeline took as long, bench/README.md).
   */
  static int ahead(String setting, int jobs) {
    return switch (setting.strip()) {
      case "0", "off", "false" -> 0;
      case "1", "on", "true" -> jobs;
      default -> Runtime.getRuntime().availableProcessors() > jobs + 1 ? jobs : 0;
    };
  }

  /** Runs {@code stage} in its held JVM, or a new one, and waits for its exit code. */
  int run(StageNotebook stage) throws IOException, InterruptedException {
    ChildRun.Command command = commands.apply(stage);
    ChildRun.Warm mine;
    List<ChildRun.Warm> passed;
    synchronized (this) {
      started.add(stage.stage());
      mine = held.remove(stage.stage());
      passed = passedOver(stage);
      warmNext();
    }
    passed.forEach(ChildRun.Warm::discard);
    if (mine != null && mine.command().equals(command)) {
      return mine.go();
    }
    if (mine != null) {
      mine.discard();
    }
    return ChildRun.logged(context, command.env(), command.args(), command.log());
  }

  /**
   * Held JVMs of stages before {@code stage} in the plan: skipped or blocked, they will not run.
   */
  private List<ChildRun.Warm> passedOver(StageNotebook stage) {
    List<ChildRun.Warm> out = new ArrayList<>();
    for (StageNotebook s : order) {
      if (s.stage().equals(stage.stage())) {
        break;
      }
      ChildRun.Warm w = held.remove(s.stage());
      if (w != null) {
        out.add(w);
      }
    }
    return out;
  }

  private void warmNext() {
    for (StageNotebook s : order) {
      if (held.size() >= ahead) {
        return;
      }
      if (started.contains(s.stage()) || held.containsKey(s.stage())) {
        continue;
      }
      try {
        held.put(s.stage(), ChildRun.warm(context, commands.apply(s)));
      } catch (IOException | RuntimeException e) {
        return; // it starts cold at its turn
      }
    }
  }

  /** Ends the JVMs still held: their stages did not run. */
  @Override
  public void close() {
    List<ChildRun.Warm> left;
    synchronized (this) {
      left = new ArrayList<>(held.values());
      held.clear();
      started.addAll(order.stream().map(StageNotebook::stage).toList());
    }
    left.forEach(ChildRun.Warm::discard);
  }
}
