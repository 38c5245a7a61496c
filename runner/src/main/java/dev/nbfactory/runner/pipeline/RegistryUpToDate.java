package dev.nbfactory.runner.pipeline;

import dev.nbfactory.magics.NotebookHash;
import dev.nbfactory.magics.PinnedInputs;
import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.ExternalContent;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.NotFoundException;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunQuery;
import dev.nbfactory.registry.RunRecord;
import dev.nbfactory.registry.RunStatus;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A stage is up to date when its last successful run had the same notebook code ({@link
 * NotebookHash}), the same parameters, read the versions its input references pick now, and every
 * raw file it read still has the content it read (hashed again, see {@link
 * Registry#externalContent}). A run that read an artifact the notebook names only at run time is
 * never taken as up to date: the plan cannot tell which version it would read now.
 */
public final class RegistryUpToDate implements PipelineRunner.UpToDate {
  private final Registry registry;
  private final Function<StageNotebook, Map<String, String>> parameters;

  /**
   * @param parameters the parameters a stage would run with, as the registry stores them
   */
  public RegistryUpToDate(
      Registry registry, Function<StageNotebook, Map<String, String>> parameters) {
    this.registry = registry;
    this.parameters = parameters;
  }

  @Override
  public Optional<String> check(StageNotebook stage) {
    return match(stage, parameters.apply(stage), Map.of(), 1)
        .map(r -> "same code, parameters and inputs as run " + r.run().shortId());
  }

  /**
   * The newest of the stage's last {@code history} successful runs that makes it up to date with
   * these parameters (as recorded) and its bare input references pinned as {@code pins} say (see
   * {@link PinnedInputs}): how a member of a grid finds its own earlier run among its siblings'.
   */
  public Optional<RunRecord> match(
      StageNotebook stage,
      Map<String, String> recordedParameters,
      Map<String, Integer> pins,
      int history) {
    List<Run> last =
        registry.runs(
            RunQuery.all().withStage(stage.stage()).withStatus(RunStatus.SUCCEEDED).limit(history));
    if (last.isEmpty()) {
      return Optional.empty();
    }
    String hash;
    try {
      hash = NotebookHash.of(stage.path());
    } catch (IOException e) {
      return Optional.empty();
    }
    Map<String, String> wanted = new TreeMap<>(recordedParameters);
    for (Run run : last) {
      RunRecord record = registry.record(run.id());
      if (matches(stage, record, hash, wanted, pins)) {
        return Optional.of(record);
      }
    }
    return Optional.empty();
  }

  private boolean matches(
      StageNotebook stage,
      RunRecord record,
      String hash,
      Map<String, String> wanted,
      Map<String, Integer> pins) {
    if (!hash.equals(record.run().notebookHash())) {
      return false;
    }
    Map<String, String> recorded = new TreeMap<>();
    for (Parameter p : record.parameters()) {
      recorded.put(p.name(), p.value());
    }
    // Compared as stored (ParameterBinding masks secrets): a secret's value is never recorded,
    // so it takes no part in the check; a rotated token does not re-run a stage whose code, data
    // and other parameters are unchanged.
    if (!recorded.equals(wanted)) {
      return false;
    }
    for (String ref : stage.inputRefs()) {
      ArtifactVersion now;
      try {
        now = registry.resolve(PinnedInputs.apply(ref, pins));
      } catch (NotFoundException e) {
        if (stage.optionalRefs().contains(ref) && !readAny(record, ref)) {
          continue; // absent then and now
        }
        return false; // let the stage run and say what is missing
      }
      boolean read =
          record.inputs().stream()
              .anyMatch(v -> Objects.equals(v.name(), now.name()) && v.id() == now.id());
      if (!read) {
        return false;
      }
    }
    for (ArtifactVersion read : record.inputs()) {
      if (ArtifactNames.isExternal(read.name())) {
        if (!unchanged(read)) {
          return false;
        }
      } else if (!stage.inputs().contains(read.name())) {
        return false;
      }
    }
    return true;
  }

  /** Whether the run read any version of the artifact {@code ref} names. */
  private static boolean readAny(RunRecord record, String ref) {
    int at = ref.indexOf('@');
    String name = at < 0 ? ref : ref.substring(0, at);
    return record.inputs().stream().anyMatch(v -> v.name().equals(name));
  }

  /** Whether the raw file (or folder) still holds the content the run read. */
  private boolean unchanged(ArtifactVersion read) {
    try {
      ExternalContent now = registry.externalContent(ArtifactNames.location(read.name()));
      return now.contentHash().equals(read.contentHash());
    } catch (FactoryException | java.io.UncheckedIOException e) {
      return false; // gone or unreadable: let the stage run and say so
    }
  }
}
