package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.AliasChange;
import dev.nbfactory.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory alias remove NAME ALIAS}: removes an alias; its history stays. */
@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    description = "Remove an alias from an artifact; its history is kept.")
final class AliasRemoveCommand extends RegistryCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The artifact.")
  private String artifact;

  @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias to remove.")
  private String alias;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why, kept in the alias's history.")
  private String reason;

  AliasRemoveCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    AliasChange change = registry.removeAlias(artifact, alias, context.user(), reason);
    context
        .out()
        .println(
            "removed "
                + change.artifact()
                + "@"
                + change.alias()
                + (change.fromVersion() == null
                    ? ""
                    : " (it pointed at @" + change.fromVersion() + ")"));
    return 0;
  }
}
