package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.AliasChange;
import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.registry.Registry;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code factory alias history NAME [ALIAS]}: every move of an artifact's aliases, oldest first.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Show every move of an artifact's aliases (or one alias), oldest first.")
final class AliasHistoryCommand extends RegistryCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The artifact.")
  private String artifact;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ALIAS", description = "Only this alias.")
  private String alias;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  AliasHistoryCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    if (alias != null) {
      ArtifactNames.validateAlias(alias);
    }
    List<AliasChange> changes = registry.aliasHistory(artifact, alias);
    if (json) {
      ArrayNode array = JsonOutput.array();
      for (AliasChange change : changes) {
        ObjectNode node = array.addObject();
        node.put("artifact", change.artifact()).put("alias", change.alias());
        node.put("fromVersion", change.fromVersion());
        node.put("toVersion", change.toVersion());
        node.put("changedAt", JsonOutput.time(change.changedAt()));
        node.put("changedBy", change.changedBy());
        node.put("reason", change.reason());
      }
      JsonOutput.print(context.out(), array);
      return 0;
    }
    if (changes.isEmpty()) {
      context
          .out()
          .println(
              "'"
                  + artifact
                  + "' has no "
                  + (alias == null ? "alias history" : "history for alias '" + alias + "'"));
      return 0;
    }
    String arrow = context.glyphs().arrow();
    TextTable table = TextTable.withHeaders("WHEN", "ALIAS", "CHANGE", "BY", "REASON");
    for (AliasChange change : changes) {
      table.add(
          Format.instant(change.changedAt()),
          change.alias(),
          version(change.fromVersion(), "new")
              + " "
              + arrow
              + " "
              + version(change.toVersion(), "removed"),
          change.changedBy(),
          change.reason() == null ? "" : change.reason());
    }
    table.print(context.out());
    return 0;
  }

  private static String version(Integer version, String none) {
    return version == null ? "(" + none + ")" : "@" + version;
  }
}
