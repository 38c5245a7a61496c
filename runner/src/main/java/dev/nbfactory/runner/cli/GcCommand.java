package dev.nbfactory.runner.cli;

import dev.nbfactory.registry.ArtifactStore;
import dev.nbfactory.registry.Registry;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code factory gc}: deletes stored objects that no version references any more. */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description = {
      "Delete stored objects that no artifact version references.",
      "Only objects older than the grace period go: it protects a run that has stored bytes and",
      "not yet recorded them."
    })
final class GcCommand extends RegistryCommand {
  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      converter = Converters.Grace.class,
      defaultValue = "24h",
      description =
          "Keep objects younger than this, such as 30m, 2h, 7d or 0s (default ${DEFAULT-VALUE}).")
  private Duration grace;

  @Option(names = "--dry-run", description = "Say what would be deleted; delete nothing.")
  private boolean dryRun;

  GcCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    ArtifactStore.GcResult result = registry.gc(grace, dryRun);
    int removed = result.removed().size();
    String objects = removed + (removed == 1 ? " object" : " objects");
    String freed = Format.size(result.bytesFreed());
    context
        .out()
        .println(
            (dryRun
                    ? "would remove " + objects + ", freeing " + freed
                    : "removed " + objects + ", freed " + freed)
                + " ("
                + result.kept()
                + " kept)");
    return 0;
  }
}
