package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Run;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Lineage} as a tree from its root version: upstream, each version's children are the runs
 * that wrote it and theirs the versions they read; downstream, the runs that read it and the
 * versions they wrote. A node reached a second time (a DAG's diamond, or a run that rewrote its own
 * input) is printed once and then marked "(see above)".
 *
 * <p>The lineage should reach one hop further than {@code depth}: that hop is not shown, only used
 * to mark the versions whose history goes on beyond the depth.
 */
final class LineageTree {
  private final Lineage lineage;
  private final int depth;
  private final boolean upstream;

  /** The tree's shape, shared with the notebook's %lineage. */
  private final dev.nbfactory.magics.lineage.LineageTree tree;

  LineageTree(Lineage lineage, int depth) {
    this.lineage = lineage;
    this.depth = depth;
    this.upstream = lineage.direction() == Lineage.Direction.UPSTREAM;
    this.tree = new dev.nbfactory.magics.lineage.LineageTree(lineage, depth);
  }

  // ---- text

  /**
   * Prints the tree (drawn by magics' {@link dev.nbfactory.magics.lineage.LineageTree}, which the
   * notebook's %lineage shows too); returns whether some branch was cut at the depth.
   */
  boolean print(PrintWriter out, Glyphs glyphs, Instant now) {
    return tree.print(
        out,
        glyphs == Glyphs.UNICODE
            ? dev.nbfactory.magics.lineage.TreeGlyphs.UNICODE
            : dev.nbfactory.magics.lineage.TreeGlyphs.ASCII,
        now);
  }

  // ---- JSON

  /**
   * Nodes and edges within the depth. Node ids are {@code name@version} for versions and the run id
   * for runs; a version's level is its number of run hops from the root. Edges point the way data
   * flows: version to the run that read it, run to the version it wrote.
   */
  ObjectNode toJson(Instant now) {
    Map<String, ObjectNode> nodes = new LinkedHashMap<>();
    Set<String> edgeKeys = new HashSet<>();
    ArrayNode edges = JsonOutput.array();
    Set<String> visited = new HashSet<>();
    Deque<Reached> queue = new ArrayDeque<>();
    ArtifactVersion root = lineage.root();
    nodes.put(key(root), versionNode(root, 0));
    queue.add(new Reached(root, 0));
    visited.add(key(root));
    while (!queue.isEmpty()) {
      Reached reached = queue.poll();
      if (reached.level() >= depth) {
        continue;
      }
      int next = reached.level() + 1;
      for (Run run : runs(reached.version())) {
        nodes.computeIfAbsent(key(run), k -> runNode(run, now));
        addEdge(edges, edgeKeys, reached.version(), run, upstream);
        if (!visited.add(key(run))) {
          continue;
        }
        for (ArtifactVersion version : versions(run)) {
          nodes.computeIfAbsent(key(version), k -> versionNode(version, next));
          addEdge(edges, edgeKeys, version, run, !upstream);
          if (visited.add(key(version))) {
            queue.add(new Reached(version, next));
          }
        }
      }
    }
    ObjectNode json = JsonOutput.object();
    json.put("root", lineage.root().ref());
    json.put("direction", JsonOutput.name(lineage.direction()));
    json.put("depth", depth);
    ArrayNode nodeArray = json.putArray("nodes");
    nodes.values().forEach(nodeArray::add);
    json.set("edges", edges);
    return json;
  }

  /** A version the breadth-first walk reached, {@code level} run hops from the root. */
  private record Reached(ArtifactVersion version, int level) {}

  /** Adds the edge between a version and a run once; {@code produced} when the run wrote it. */
  private static void addEdge(
      ArrayNode edges, Set<String> keys, ArtifactVersion version, Run run, boolean produced) {
    String from = produced ? run.id() : version.ref();
    String to = produced ? version.ref() : run.id();
    if (keys.add(from + ">" + to)) {
      edges
          .addObject()
          .put("from", from)
          .put("to", to)
          .put("type", produced ? "produced" : "consumed");
    }
  }

  private static ObjectNode versionNode(ArtifactVersion version, int level) {
    ObjectNode node = JsonOutput.object().put("id", version.ref()).put("type", "version");
    node.put("level", level);
    node.setAll(JsonOutput.versionSummary(version));
    return node;
  }

  private static ObjectNode runNode(Run run, Instant now) {
    ObjectNode node = JsonOutput.object().put("id", run.id()).put("type", "run");
    ObjectNode fields = JsonOutput.run(run, now);
    fields.remove("id");
    fields.remove("classpath");
    node.setAll(fields);
    return node;
  }

  // ---- graph

  private List<Run> runs(ArtifactVersion version) {
    return tree.runs(version);
  }

  private List<ArtifactVersion> versions(Run run) {
    return tree.versions(run);
  }

  private static String key(ArtifactVersion version) {
    return "v" + version.id();
  }

  private static String key(Run run) {
    return "r" + run.id();
  }
}
