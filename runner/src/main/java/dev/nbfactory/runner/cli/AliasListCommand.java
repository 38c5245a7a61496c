package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.nbfactory.registry.Alias;
import dev.nbfactory.registry.Registry;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory alias list [NAME]}: where aliases point now. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List aliases and the versions they point at, of one artifact or all.")
final class AliasListCommand extends RegistryCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Only this artifact.")
  private String artifact;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  AliasListCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    List<Alias> aliases = registry.aliases(artifact);
    if (json) {
      ArrayNode array = JsonOutput.array();
      for (Alias alias : aliases) {
        array
            .addObject()
            .put("artifact", alias.artifact())
            .put("alias", alias.alias())
            .put("version", alias.version())
            .put("ref", alias.ref())
            .put("updatedAt", JsonOutput.time(alias.updatedAt()))
            .put("updatedBy", alias.updatedBy());
      }
      JsonOutput.print(context.out(), array);
      return 0;
    }
    if (aliases.isEmpty()) {
      context
          .out()
          .println(artifact == null ? "no aliases yet" : "'" + artifact + "' has no aliases");
      return 0;
    }
    Instant now = context.clock().instant();
    TextTable table =
        TextTable.withHeaders("ARTIFACT", "ALIAS", "VERSION", "UPDATED", "BY")
            .alignRight("VERSION");
    for (Alias alias : aliases) {
      table.add(
          alias.artifact(),
          alias.alias(),
          alias.version(),
          Format.ago(alias.updatedAt(), now),
          alias.updatedBy());
    }
    table.print(context.out());
    return 0;
  }
}
