package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.AliasChange;
import dev.nbfactory.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory alias set NAME@VERSION ALIAS}: points an alias at a version. */
@Command(
    name = "set",
    mixinStandardHelpOptions = true,
    description = {
      "Point an alias at a version.",
      "The move is kept in the alias's history with your user name; notebooks then read the",
      "version as NAME@ALIAS."
    })
final class AliasSetCommand extends RegistryCommand {
  @Parameters(
      index = "0",
      paramLabel = "NAME@VERSION",
      description = "The version, such as churn-model@3.")
  private String version;

  @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, such as production.")
  private String alias;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why, kept in the alias's history (such as 'rollback: drift on age').")
  private String reason;

  AliasSetCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    AliasChange change = registry.setAlias(version, alias, context.user(), reason);
    String target = change.artifact() + "@" + change.toVersion();
    if (change.fromVersion() == null) {
      context.out().println(change.artifact() + "@" + alias + " now points at " + target);
    } else if (change.fromVersion().equals(change.toVersion())) {
      context.out().println(change.artifact() + "@" + alias + " already points at " + target);
    } else {
      context
          .out()
          .println(
              change.artifact()
                  + "@"
                  + alias
                  + " now points at "
                  + target
                  + " (was "
                  + change.artifact()
                  + "@"
                  + change.fromVersion()
                  + ")");
    }
    return 0;
  }
}
