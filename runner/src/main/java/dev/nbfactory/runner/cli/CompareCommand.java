package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory compare RUN RUN [RUN...]}: 2 to 20 runs side by side. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Show 2 to 20 runs side by side: their parameters and the latest value of each metric.",
      "Only what differs between them, unless --all. 'factory ui' shows the same at /compare."
    })
final class CompareCommand extends RegistryCommand {
  @Parameters(
      arity = "2..*",
      paramLabel = "RUN",
      description = "Run ids, or their first 4+ digits.")
  private List<String> runs = new ArrayList<>();

  @Option(names = "--all", description = "Every parameter and metric, not only those that differ.")
  private boolean all;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  CompareCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    RunComparison whole = registry.queries().compare(runs);
    RunComparison shown = all ? whole : whole.differing();
    if (json) {
      ObjectNode node = JsonOutput.object();
      ArrayNode ids = node.putArray("runs");
      whole.runs().forEach(r -> ids.add(r.id()));
      rows(node.putArray("parameters"), shown.parameters());
      rows(node.putArray("metrics"), shown.metrics());
      JsonOutput.print(context.out(), node);
      return 0;
    }
    List<String> headers = new ArrayList<>(List.of(""));
    whole.runs().forEach(r -> headers.add(r.shortId()));
    TextTable table = TextTable.withHeaders(headers.toArray(String[]::new));
    List<String> stages = new ArrayList<>(List.of("stage"));
    whole.runs().forEach(r -> stages.add(r.stage()));
    table.add(stages.toArray());
    List<String> statuses = new ArrayList<>(List.of("status"));
    whole.runs().forEach((Run r) -> statuses.add(Format.lower(r.status())));
    table.add(statuses.toArray());
    add(table, "", shown.parameters(), v -> v);
    add(table, "metric ", shown.metrics(), Format::shortNumber);
    table.print(context.out());
    if (shown.parameters().isEmpty() && shown.metrics().isEmpty()) {
      context.out().println("no parameter or metric differs");
    }
    return 0;
  }

  private static <T> void add(
      TextTable table, String prefix, List<RunComparison.Row<T>> rows, Function<T, String> text) {
    for (RunComparison.Row<T> row : rows) {
      List<String> cells = new ArrayList<>(List.of(prefix + row.name()));
      row.values().forEach(v -> cells.add(v == null ? "-" : text.apply(v)));
      table.add(cells.toArray());
    }
  }

  private static <T> void rows(ArrayNode out, List<RunComparison.Row<T>> rows) {
    for (RunComparison.Row<T> row : rows) {
      ObjectNode node = out.addObject();
      node.put("name", row.name());
      node.put("differs", row.differs());
      ArrayNode values = node.putArray("values");
      for (T v : row.values()) {
        if (v instanceof Double d) {
          values.add(d);
        } else {
          values.add(v == null ? null : v.toString());
        }
      }
    }
  }
}
