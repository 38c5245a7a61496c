package dev.nbfactory.magics.lineage;

import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Run;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a picture of a lineage shows: the lineage within a depth, and the versions at the cut whose
 * history goes on beyond it.
 *
 * @param lineage the nodes and edges to draw
 * @param goesOn ids of the versions at the depth that have runs beyond it, marked in the picture
 */
public record LineageCut(Lineage lineage, Set<Long> goesOn) {

  public LineageCut {
    goesOn = Set.copyOf(goesOn);
  }

  /** All of {@code lineage}, with nothing marked as going on. */
  public static LineageCut whole(Lineage lineage) {
    return new LineageCut(lineage, Set.of());
  }

  /**
   * Cuts a lineage the registry walked one hop deeper than {@code depth} to what it returns at
   * {@code depth}, and notes which versions at the cut have more history: {@code
   * of(registry.lineage(ref, direction, depth + 1), depth)} shows the edges of {@code
   * registry.lineage(ref, direction, depth)} at the cost of one query.
   */
  public static LineageCut of(Lineage deeper, int depth) {
    boolean upstream = deeper.direction() == Lineage.Direction.UPSTREAM;
    // "Near" edges lead from a version further from the root (its producers upstream, its
    // consumers downstream); "far" edges lead on from those runs to the next versions.
    Lineage.EdgeType nearType = upstream ? Lineage.EdgeType.PRODUCED : Lineage.EdgeType.CONSUMED;
    Map<Long, List<Lineage.Edge>> near = new HashMap<>();
    Map<String, List<Lineage.Edge>> far = new HashMap<>();
    for (Lineage.Edge edge : deeper.edges()) {
      if (edge.type() == nearType) {
        near.computeIfAbsent(edge.versionId(), k -> new ArrayList<>()).add(edge);
      } else {
        far.computeIfAbsent(edge.runId(), k -> new ArrayList<>()).add(edge);
      }
    }
    long rootId = deeper.root().id();
    Map<Long, Integer> level = new HashMap<>();
    level.put(rootId, 0);
    Deque<Long> queue = new ArrayDeque<>(List.of(rootId));
    Set<String> walkedRuns = new HashSet<>();
    List<Lineage.Edge> edges = new ArrayList<>();
    Set<Long> goesOn = new LinkedHashSet<>();
    while (!queue.isEmpty()) {
      long version = queue.poll();
      int hops = level.get(version);
      List<Lineage.Edge> onward = near.getOrDefault(version, List.of());
      if (hops >= depth) {
        if (!onward.isEmpty()) {
          goesOn.add(version);
        }
        continue;
      }
      for (Lineage.Edge edge : onward) {
        edges.add(edge);
        if (!walkedRuns.add(edge.runId())) {
          continue;
        }
        for (Lineage.Edge next : far.getOrDefault(edge.runId(), List.of())) {
          edges.add(next);
          if (level.putIfAbsent(next.versionId(), hops + 1) == null) {
            queue.add(next.versionId());
          }
        }
      }
    }
    Set<Long> versionIds = new HashSet<>(List.of(rootId));
    Set<String> runIds = new HashSet<>();
    for (Lineage.Edge edge : edges) {
      versionIds.add(edge.versionId());
      runIds.add(edge.runId());
    }
    Lineage cut =
        new Lineage(
            deeper.root(),
            deeper.direction(),
            depth,
            deeper.versions().stream().filter(v -> versionIds.contains(v.id())).toList(),
            deeper.runs().stream().filter((Run r) -> runIds.contains(r.id())).toList(),
            edges);
    return new LineageCut(cut, goesOn);
  }
}
