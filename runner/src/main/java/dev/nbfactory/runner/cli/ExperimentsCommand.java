package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.Experiments.Experiment;
import dev.nbfactory.registry.Registry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code factory experiments list|show}: the grids run over pipelines, and their members ranked.
 */
@Command(
    name = "experiments",
    mixinStandardHelpOptions = true,
    description =
        "List experiments ('factory pipeline run DIR --grid ...') and rank their members.",
    subcommands = {ExperimentsCommand.ListExperiments.class, ExperimentsCommand.Show.class})
final class ExperimentsCommand implements Callable<Integer> {
  private final CliContext context;
  @Spec private CommandSpec spec;

  ExperimentsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(context.err());
    return spec.exitCodeOnInvalidInput();
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List experiments.")
  static final class ListExperiments extends RegistryCommand {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    ListExperiments(CliContext context) {
      super(context);
    }

    @Override
    int run(Registry registry) {
      List<Experiment> all = registry.experiments().list();
      if (json) {
        ArrayNode array = JsonOutput.array();
        for (Experiment e : all) {
          ObjectNode o = array.addObject();
          o.put("name", e.name()).put("pipeline", e.pipeline());
          o.put("created", JsonOutput.time(e.createdAt())).put("members", e.members().size());
          o.put("succeeded", succeeded(e)).put("pipelineRun", e.pipelineRun());
        }
        JsonOutput.print(context.out(), array);
        return 0;
      }
      if (all.isEmpty()) {
        context.out().println("no experiments yet: run 'factory pipeline run DIR --grid ...'");
        return 0;
      }
      TextTable table =
          TextTable.withHeaders("NAME", "PIPELINE", "MEMBERS", "SUCCEEDED", "CREATED");
      for (Experiment e : all) {
        table.add(
            e.name(),
            e.pipeline(),
            e.members().size(),
            succeeded(e),
            Format.ago(e.createdAt(), context.clock().instant()));
      }
      table.print(context.out());
      return 0;
    }

    private static long succeeded(Experiment e) {
      return e.members().stream().filter(m -> "SUCCEEDED".equals(m.status())).count();
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "An experiment's members: their parameters and the metrics their runs recorded, ranked",
        "by --sort, the best marked *. Metrics shown: --sort's, then those that differ."
      })
  static final class Show extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The experiment.")
    String name;

    @Option(
        names = "--sort",
        paramLabel = "METRIC",
        description = "Rank by this metric, highest first unless --asc.")
    String sort;

    @Option(names = "--asc", description = "Lowest first: the lowest is best.")
    boolean asc;

    @Option(names = "--desc", description = "Highest first (the default).")
    boolean desc;

    @Option(names = "--top", paramLabel = "K", description = "Only the first K members.")
    Integer top;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    Show(CliContext context) {
      super(context);
    }

    @Override
    void validate() {
      if (asc && desc) {
        throw usageError("give --asc or --desc, not both");
      }
      if (top != null && top < 1) {
        throw usageError("--top must be 1 or more, not " + top);
      }
      if ((asc || desc) && sort == null) {
        throw usageError("--asc and --desc order by --sort METRIC: give it too");
      }
    }

    @Override
    int run(Registry registry) {
      Experiment experiment = registry.experiments().get(name);
      List<ExperimentRanking.Row> rows = ExperimentRanking.rows(registry, experiment);
      ExperimentRanking.Order order =
          sort == null ? null : ExperimentRanking.Order.parse(sort, asc);
      List<ExperimentRanking.Row> shown =
          order == null ? rows : ExperimentRanking.ranked(rows, order);
      Optional<ExperimentRanking.Row> best =
          order == null ? Optional.empty() : ExperimentRanking.best(rows, order);
      if (top != null && shown.size() > top) {
        shown = shown.subList(0, top);
      }
      Set<String> parameters = new LinkedHashSet<>();
      experiment.members().forEach(m -> parameters.addAll(m.parameters().keySet()));
      List<String> metrics =
          ExperimentRanking.varyingMetrics(rows, order == null ? null : order.metric());
      if (json) {
        ObjectNode node = JsonOutput.object();
        node.put("name", experiment.name()).put("pipeline", experiment.pipeline());
        node.put("sort", order == null ? null : order.metric());
        ArrayNode members = node.putArray("members");
        for (ExperimentRanking.Row r : shown) {
          ObjectNode o = members.addObject();
          o.put("member", r.member().index()).put("status", r.member().status());
          o.put("best", best.isPresent() && best.get().member().index() == r.member().index());
          ObjectNode p = o.putObject("parameters");
          r.member().parameters().forEach(p::put);
          ObjectNode m = o.putObject("metrics");
          r.metrics().forEach((k, v) -> JsonOutput.putNumber(m, k, v));
          ObjectNode runs = o.putObject("runs");
          r.member().runs().forEach(runs::put);
        }
        JsonOutput.print(context.out(), node);
        return 0;
      }
      List<String> headers = new ArrayList<>(List.of("", "MEMBER"));
      headers.addAll(parameters);
      headers.addAll(metrics);
      headers.add("STATUS");
      TextTable table = TextTable.withHeaders(headers.toArray(String[]::new));
      for (ExperimentRanking.Row r : shown) {
        List<Object> cells = new ArrayList<>();
        cells.add(best.isPresent() && best.get().member().index() == r.member().index() ? "*" : "");
        cells.add(r.member().index());
        parameters.forEach(p -> cells.add(r.member().parameters().getOrDefault(p, "-")));
        for (String key : metrics) {
          Double v = r.metric(key);
          cells.add(v == null ? "-" : Format.shortNumber(v));
        }
        cells.add(r.member().status().toLowerCase(java.util.Locale.ROOT));
        table.add(cells.toArray());
      }
      context
          .out()
          .printf(
              "experiment %s of pipeline %s, %d members%n",
              experiment.name(), experiment.pipeline(), experiment.members().size());
      table.print(context.out());
      return 0;
    }
  }
}
