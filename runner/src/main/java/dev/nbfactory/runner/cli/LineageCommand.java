package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Registry;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory lineage NAME[@VERSION]}: where a version came from, or what was made from it. */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    description = {
      "Show where an artifact version came from, or what was made from it.",
      "Upstream (the default) follows the runs that wrote it, what they read, and so on;",
      "--downstream follows the runs that read it and what they wrote."
    })
final class LineageCommand extends RegistryCommand {
  /** The deepest walk allowed: far beyond any real factory, short of a runaway query. */
  static final int MAX_DEPTH = 1000;

  @Parameters(
      index = "0",
      paramLabel = "NAME[@VERSION]",
      description = "An artifact (its latest version), or name@3, name@alias, name@hashprefix.")
  private String ref;

  @Option(names = "--downstream", description = "Follow what was made from it instead.")
  private boolean downstream;

  @Option(
      names = "--depth",
      paramLabel = "N",
      description = "How many runs away to follow (default ${DEFAULT-VALUE}).")
  private int depth = 10;

  @Option(names = "--json", description = "Print nodes and edges as JSON instead of a tree.")
  private boolean json;

  LineageCommand(CliContext context) {
    super(context);
  }

  @Override
  void validate() {
    if (depth < 0 || depth > MAX_DEPTH) {
      throw usageError("--depth must be between 0 and " + MAX_DEPTH + ", not " + depth);
    }
  }

  @Override
  int run(Registry registry) {
    Lineage.Direction direction =
        downstream ? Lineage.Direction.DOWNSTREAM : Lineage.Direction.UPSTREAM;
    // One hop more than shown, to know which branches go on beyond the depth.
    Lineage lineage = registry.lineage(ref, direction, depth + 1);
    LineageTree tree = new LineageTree(lineage, depth);
    Instant now = context.clock().instant();
    if (json) {
      JsonOutput.print(context.out(), tree.toJson(now));
      return 0;
    }
    if (tree.print(context.out(), context.glyphs(), now)) {
      context
          .out()
          .println(
              "(" + (context.unicode() ? "…" : "...") + " goes on beyond --depth " + depth + ")");
    }
    return 0;
  }
}
