package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.FeedbackResult;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Outcome;
import dev.nbfactory.registry.Registry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * {@code factory feedback NAME --file outcomes.csv}: outcomes that come back offline, joined to the
 * served model's predictions in the registry, as {@code POST /feedback} joins them.
 */
@Command(
    name = "feedback",
    mixinStandardHelpOptions = true,
    description = {
      "Record the true outcomes of served predictions from a CSV file with the columns",
      "prediction_id and actual. Each is joined to its prediction in the registry; an unknown id",
      "is named (exit code 1) and the rest still land. The first outcome of a prediction stands."
    })
final class FeedbackCommand extends RegistryCommand {
  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "The served model, such as cancer-model.")
  private String model;

  @Option(
      names = "--file",
      required = true,
      paramLabel = "CSV",
      converter = Converters.FilePath.class,
      description = "The outcomes: a header line with prediction_id and actual, then a row each.")
  private Path file;

  FeedbackCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) throws IOException {
    registry
        .latest(model)
        .orElseThrow(() -> new InvalidInputException("no artifact named '" + model + "'"));
    Path csv = context.cwd().resolve(file);
    if (!Files.isRegularFile(csv)) {
      throw new InvalidInputException("no file " + file + ": give the outcomes' CSV");
    }
    Table rows =
        Table.read()
            .usingOptions(
                CsvReadOptions.builder(csv.toFile()).columnTypes(name -> ColumnType.STRING));
    for (String needed : List.of("prediction_id", "actual")) {
      if (!rows.containsColumn(needed)) {
        throw new InvalidInputException(
            file
                + " has no column '"
                + needed
                + "': its header must name prediction_id and actual");
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int r = 0; r < rows.rowCount(); r++) {
      outcomes.add(
          new Outcome(
              rows.stringColumn("prediction_id").get(r), rows.stringColumn("actual").get(r)));
    }
    FeedbackResult result = registry.predictions().recordFeedback(outcomes);
    context
        .out()
        .println(
            result.accepted().size()
                + " of "
                + outcomes.size()
                + " outcomes joined to their predictions"
                + (result.ignored().isEmpty() ? "" : "; " + result.ignored().size() + " ignored"));
    result.ignored().forEach(i -> context.err().println("factory feedback: " + i.message()));
    result.unknown().forEach(u -> context.err().println("factory feedback: " + u.message()));
    return result.unknown().isEmpty() ? 0 : 1;
  }
}
