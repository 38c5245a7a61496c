package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunDiff;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory diff RUN1 RUN2}: what changed between two runs. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Show what differs between two runs.",
      "Compares parameters, input and output versions, and the last value of each metric."
    })
final class DiffCommand extends RegistryCommand {
  @Parameters(index = "0", paramLabel = "RUN1", description = "The run to compare from.")
  private String left;

  @Parameters(index = "1", paramLabel = "RUN2", description = "The run to compare to.")
  private String right;

  @Option(names = "--json", description = "Print JSON instead of text.")
  private boolean json;

  DiffCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    RunDiff diff = registry.diff(left, right);
    Instant now = context.clock().instant();
    if (json) {
      ObjectNode node = JsonOutput.object();
      node.put("left", diff.left().id());
      node.put("right", diff.right().id());
      node.put("identical", diff.isEmpty());
      changes(node.putArray("parameters"), diff.parameters());
      changes(node.putArray("inputs"), diff.inputs());
      changes(node.putArray("outputs"), diff.outputs());
      changes(node.putArray("metrics"), diff.metrics());
      JsonOutput.print(context.out(), node);
      return 0;
    }
    PrintWriter out = context.out();
    String arrow = context.glyphs().arrow();
    out.println(
        "diff " + describe(diff.left(), now) + " " + arrow + " " + describe(diff.right(), now));
    if (diff.isEmpty()) {
      out.println("no differences");
      return 0;
    }
    section(out, "parameters", diff.parameters(), arrow);
    section(out, "inputs", diff.inputs(), arrow);
    section(out, "outputs", diff.outputs(), arrow);
    section(out, "metrics", diff.metrics(), arrow);
    return 0;
  }

  private static String describe(Run run, Instant now) {
    return run.shortId()
        + " ("
        + run.stage()
        + ", "
        + run.status()
        + ", "
        + Format.ago(run.startedAt(), now)
        + ")";
  }

  private static void section(
      PrintWriter out, String title, List<RunDiff.Change> changes, String arrow) {
    if (changes.isEmpty()) {
      return;
    }
    out.println();
    out.println(title);
    TextTable table = TextTable.withoutHeaders(4);
    for (RunDiff.Change change : changes) {
      table.add(change.key(), shown(change.left()), arrow, shown(change.right()));
    }
    table.print(out, "  ");
  }

  /** A side without the key: distinct from any value, including the text "null". */
  private static String shown(String value) {
    return value == null ? "(none)" : value;
  }

  private static void changes(ArrayNode array, List<RunDiff.Change> changes) {
    for (RunDiff.Change change : changes) {
      array
          .addObject()
          .put("key", change.key())
          .put("left", change.left())
          .put("right", change.right());
    }
  }
}
