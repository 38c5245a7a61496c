package dev.nbfactory.registry;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The closure of one version through the runs that connect it: everything it came from (upstream)
 * or everything made from it (downstream), up to a depth.
 *
 * @param edges every consumed and produced edge between the runs and versions here
 */
public record Lineage(
    ArtifactVersion root,
    Direction direction,
    int depth,
    List<ArtifactVersion> versions,
    List<Run> runs,
    List<Edge> edges) {

  public Lineage {
    versions = List.copyOf(versions);
    runs = List.copyOf(runs);
    edges = List.copyOf(edges);
  }

  /** Which way the closure walks from the root. */
  public enum Direction {
    UPSTREAM,
    DOWNSTREAM
  }

  /** A run reading a version, or a run writing one. */
  public enum EdgeType {
    CONSUMED,
    PRODUCED
  }

  /** One edge; for CONSUMED data flows version to run, for PRODUCED run to version. */
  public record Edge(String runId, long versionId, EdgeType type) {}

  public Map<Long, ArtifactVersion> versionsById() {
    return versions.stream().collect(Collectors.toMap(ArtifactVersion::id, Function.identity()));
  }

  public Map<String, Run> runsById() {
    return runs.stream().collect(Collectors.toMap(Run::id, Function.identity()));
  }
}
