package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.Alias;
import dev.nbfactory.registry.Artifact;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Registry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory artifacts [NAME]}: the artifacts, or the versions of one. */
@Command(
    name = "artifacts",
    mixinStandardHelpOptions = true,
    description = {
      "List artifacts, or the versions of one.",
      "With NAME, list that artifact's versions and the aliases pointing at them."
    })
final class ArtifactsCommand extends RegistryCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "An artifact.")
  private String name;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      converter = Converters.Artifact.class,
      description =
          "Only artifacts of this kind: dataset, model, chart, metric, report, notebook, file.")
  private ArtifactKind kind;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  ArtifactsCommand(CliContext context) {
    super(context);
  }

  @Override
  void validate() {
    if (name != null && kind != null) {
      throw usageError("--kind filters the list of artifacts; leave it out when naming one");
    }
  }

  @Override
  int run(Registry registry) {
    if (name != null) {
      return versions(registry);
    }
    Instant now = context.clock().instant();
    List<Artifact> artifacts = registry.artifacts(kind);
    if (json) {
      ArrayNode array = JsonOutput.array();
      for (Artifact artifact : artifacts) {
        ObjectNode node = array.addObject();
        node.put("name", artifact.name());
        node.put("kind", JsonOutput.name(artifact.kind()));
        node.put("versions", artifact.versionCount());
        node.put("createdAt", JsonOutput.time(artifact.createdAt()));
        Optional<ArtifactVersion> latest = registry.latest(artifact.name());
        if (latest.isPresent()) {
          node.set("latest", JsonOutput.versionSummary(latest.get()));
        } else {
          node.putNull("latest");
        }
      }
      JsonOutput.print(context.out(), array);
      return 0;
    }
    if (artifacts.isEmpty()) {
      context
          .out()
          .println(kind == null ? "no artifacts yet" : "no " + Format.lower(kind) + " artifacts");
      return 0;
    }
    TextTable table =
        TextTable.withHeaders("NAME", "KIND", "VERSIONS", "LATEST", "SIZE", "UPDATED", "CREATED")
            .alignRight("VERSIONS", "SIZE");
    for (Artifact artifact : artifacts) {
      Optional<ArtifactVersion> latest = registry.latest(artifact.name());
      table.add(
          artifact.name(),
          Format.lower(artifact.kind()),
          artifact.versionCount(),
          latest.map(v -> "@" + v.version() + " " + v.shortHash()).orElse("-"),
          latest.map(v -> Format.size(v.size())).orElse("-"),
          latest.map(v -> Format.ago(v.createdAt(), now)).orElse("-"),
          Format.ago(artifact.createdAt(), now));
    }
    table.print(context.out());
    return 0;
  }

  private int versions(Registry registry) {
    Instant now = context.clock().instant();
    List<ArtifactVersion> versions = registry.versions(name);
    Map<Integer, List<String>> aliases = new TreeMap<>();
    for (Alias alias : registry.aliases(name)) {
      aliases.computeIfAbsent(alias.version(), v -> new ArrayList<>()).add(alias.alias());
    }
    if (json) {
      ArrayNode array = JsonOutput.array();
      for (ArtifactVersion version : versions) {
        ObjectNode node = JsonOutput.version(version);
        ArrayNode names = node.putArray("aliases");
        aliases.getOrDefault(version.version(), List.of()).forEach(names::add);
        array.add(node);
      }
      JsonOutput.print(context.out(), array);
      return 0;
    }
    if (versions.isEmpty()) {
      context.out().println("artifact '" + name + "' has no versions yet");
      return 0;
    }
    TextTable table =
        TextTable.withHeaders("VERSION", "HASH", "SIZE", "TYPE", "RUN", "ALIASES", "CREATED")
            .alignRight("VERSION", "SIZE");
    for (ArtifactVersion v : versions) {
      table.add(
          v.version(),
          v.shortHash(),
          Format.size(v.size()),
          v.mediaType(),
          Format.prefix(v.producerRunId(), 8),
          String.join(", ", aliases.getOrDefault(v.version(), List.of())),
          Format.ago(v.createdAt(), now));
    }
    context.out().println(name + " (" + Format.lower(versions.get(0).kind()) + ")");
    table.print(context.out());
    return 0;
  }
}
