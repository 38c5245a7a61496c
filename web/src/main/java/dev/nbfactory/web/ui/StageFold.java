package dev.nbfactory.web.ui;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Run;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a big lineage readable: a stage with more runs than {@link #KEEP} in the picture shows as
 * one node, its newest run, standing for all; what only those runs wrote folds the same way, per
 * artifact, into the newest version. The root and the versions {@code kept} (what the user
 * expanded) never fold away.
 */
final class StageFold {
  /** Runs of one stage shown one by one; more fold. */
  static final int KEEP = 3;

  /** The folded lineage, and how many nodes each kept node stands for (2 or more). */
  record Folded(Lineage lineage, Map<String, Integer> counts) {}

  private StageFold() {}

  static Folded fold(Lineage lineage, int keep, Set<String> kept) {
    Map<String, List<Run>> byStage = new LinkedHashMap<>();
    for (Run r : lineage.runs()) {
      byStage.computeIfAbsent(r.stage(), k -> new ArrayList<>()).add(r);
    }
    Map<String, String> runInto = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (List<Run> runs : byStage.values()) {
      if (runs.size() <= keep) {
        continue;
      }
      Run newest = runs.stream().max(Comparator.comparing(Run::startedAt)).orElseThrow();
      runs.forEach(r -> runInto.put(r.id(), newest.id()));
      counts.put(newest.id(), runs.size());
    }
    if (runInto.isEmpty()) {
      return new Folded(lineage, Map.of());
    }
    // A version folds when every run that wrote it folded into one node: into that node's newest
    // version of the same artifact.
    Map<Long, Set<String>> writers = new HashMap<>();
    for (Lineage.Edge e : lineage.edges()) {
      if (e.type() == Lineage.EdgeType.PRODUCED) {
        writers
            .computeIfAbsent(e.versionId(), k -> new LinkedHashSet<>())
            .add(runInto.getOrDefault(e.runId(), e.runId()));
      }
    }
    Map<String, ArtifactVersion> newestWritten = new HashMap<>();
    for (ArtifactVersion v : lineage.versions()) {
      Set<String> w = writers.get(v.id());
      if (v.id() == lineage.root().id() || kept.contains(v.ref()) || w == null || w.size() != 1) {
        continue;
      }
      String key = w.iterator().next() + "\n" + v.name();
      newestWritten.merge(key, v, (a, b) -> a.version() >= b.version() ? a : b);
    }
    Map<Long, Long> versionInto = new HashMap<>();
    for (ArtifactVersion v : lineage.versions()) {
      Set<String> w = writers.get(v.id());
      if (v.id() == lineage.root().id() || kept.contains(v.ref()) || w == null || w.size() != 1) {
        continue;
      }
      ArtifactVersion into = newestWritten.get(w.iterator().next() + "\n" + v.name());
      if (into.id() != v.id() && counts.containsKey(w.iterator().next())) {
        versionInto.put(v.id(), into.id());
        counts.merge(into.ref(), 2, (a, b) -> a + 1);
      }
    }
    Set<Lineage.Edge> edges = new LinkedHashSet<>();
    for (Lineage.Edge e : lineage.edges()) {
      edges.add(
          new Lineage.Edge(
              runInto.getOrDefault(e.runId(), e.runId()),
              versionInto.getOrDefault(e.versionId(), e.versionId()),
              e.type()));
    }
    List<Run> runs =
        lineage.runs().stream()
            .filter(r -> runInto.getOrDefault(r.id(), r.id()).equals(r.id()))
            .toList();
    List<ArtifactVersion> versions =
        lineage.versions().stream().filter(v -> !versionInto.containsKey(v.id())).toList();
    Map<String, Integer> shown = new HashMap<>();
    counts.forEach(
        (k, n) -> {
          if (n > 1) {
            shown.put(k, n);
          }
        });
    return new Folded(
        new Lineage(
            lineage.root(),
            lineage.direction(),
            lineage.depth(),
            versions,
            runs,
            List.copyOf(edges)),
        shown);
  }
}
