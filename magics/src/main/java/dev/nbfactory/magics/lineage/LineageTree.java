package dev.nbfactory.magics.lineage;

import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Lineage} as a text tree from its root version, the shape {@code factory lineage} prints:
 * upstream, each version's children are the runs that wrote it and theirs the versions they read;
 * downstream, the runs that read it and the versions they wrote. A node reached a second time (a
 * DAG's diamond, or a run that rewrote its own input) is printed once and then marked "(see
 * above)".
 *
 * <p>The lineage should reach one hop further than {@code depth}: that hop is not shown, only used
 * to mark with an ellipsis the versions whose history goes on beyond the depth.
 */
public final class LineageTree {
  private final Lineage lineage;
  private final int depth;
  private final boolean upstream;
  private final Map<Long, List<Run>> runsOfVersion = new HashMap<>();
  private final Map<String, List<ArtifactVersion>> versionsOfRun = new HashMap<>();

  public LineageTree(Lineage lineage, int depth) {
    this.lineage = lineage;
    this.depth = depth;
    this.upstream = lineage.direction() == Lineage.Direction.UPSTREAM;
    Map<Long, ArtifactVersion> versions = lineage.versionsById();
    Map<String, Run> runs = lineage.runsById();
    // Upstream a version's children are its producers, downstream its consumers.
    Lineage.EdgeType versionToRun =
        upstream ? Lineage.EdgeType.PRODUCED : Lineage.EdgeType.CONSUMED;
    Set<String> seenEdges = new HashSet<>();
    for (Lineage.Edge edge : lineage.edges()) {
      Run run = runs.get(edge.runId());
      ArtifactVersion version = versions.get(edge.versionId());
      if (run == null
          || version == null
          || !seenEdges.add(edge.runId() + "/" + edge.versionId() + "/" + edge.type())) {
        continue;
      }
      if (edge.type() == versionToRun) {
        runsOfVersion.computeIfAbsent(version.id(), k -> new ArrayList<>()).add(run);
      } else {
        versionsOfRun.computeIfAbsent(run.id(), k -> new ArrayList<>()).add(version);
      }
    }
    runsOfVersion.values().forEach(list -> list.sort(Comparator.comparing(Run::startedAt)));
    versionsOfRun
        .values()
        .forEach(
            list ->
                list.sort(
                    Comparator.comparing(ArtifactVersion::name)
                        .thenComparingInt(ArtifactVersion::version)));
  }

  /** Prints the tree; returns whether some branch was cut at the depth. */
  public boolean print(PrintWriter out, TreeGlyphs glyphs, Instant now) {
    Printer printer = new Printer(out, glyphs, now);
    ArtifactVersion root = lineage.root();
    printer.done.add(key(root));
    boolean cut = depth == 0 && !runs(root).isEmpty();
    out.println(versionLabel(root) + (cut ? " " + glyphs.more() : ""));
    if (runs(root).isEmpty()) {
      out.println(
          upstream
              ? "(nothing upstream: no run is recorded as writing it)"
              : "(nothing downstream: no run is recorded as reading it)");
    }
    printer.versionChildren(root, 0, "");
    return cut || printer.cut;
  }

  /**
   * The tree as a string, with a last line saying so when branches go on beyond the depth, named as
   * {@code depthOption} (such as {@code --depth}).
   */
  public String render(TreeGlyphs glyphs, Instant now, String depthOption) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    if (print(out, glyphs, now)) {
      out.println("(" + glyphs.more() + " goes on beyond " + depthOption + " " + depth + ")");
    }
    out.flush();
    return text.toString();
  }

  /** {@code name@3 (dataset, 1a2b3c4d5e6f)}. */
  public static String versionLabel(ArtifactVersion version) {
    return version.ref() + " (" + Texts.lower(version.kind()) + ", " + version.shortHash() + ")";
  }

  /** {@code train run 1a2b3c4d (SUCCEEDED, 3 min ago)}. */
  public static String runLabel(Run run, Instant now) {
    return run.stage()
        + " run "
        + run.shortId()
        + " ("
        + run.status()
        + ", "
        + Texts.ago(run.startedAt(), now)
        + ")";
  }

  private final class Printer {
    private final PrintWriter out;
    private final TreeGlyphs glyphs;
    private final Instant now;
    private final Set<String> done = new HashSet<>();
    private boolean cut;

    Printer(PrintWriter out, TreeGlyphs glyphs, Instant now) {
      this.out = out;
      this.glyphs = glyphs;
      this.now = now;
    }

    void versionChildren(ArtifactVersion version, int level, String prefix) {
      if (level >= depth) {
        return;
      }
      List<Run> children = runs(version);
      for (int i = 0; i < children.size(); i++) {
        Run run = children.get(i);
        boolean last = i == children.size() - 1;
        String line = prefix + (last ? glyphs.lastBranch() : glyphs.branch()) + runLabel(run, now);
        if (!done.add(key(run))) {
          out.println(line + " (see above)");
          continue;
        }
        out.println(line);
        runChildren(run, level + 1, prefix + (last ? glyphs.space() : glyphs.pipe()));
      }
    }

    /** The versions of a run, {@code level} hops from the root. */
    void runChildren(Run run, int level, String prefix) {
      List<ArtifactVersion> children = versions(run);
      for (int i = 0; i < children.size(); i++) {
        ArtifactVersion version = children.get(i);
        boolean last = i == children.size() - 1;
        String line =
            prefix + (last ? glyphs.lastBranch() : glyphs.branch()) + versionLabel(version);
        if (done.contains(key(version))) {
          out.println(line + " (see above)");
          continue;
        }
        if (level >= depth && !runs(version).isEmpty()) {
          // Not marked done: if it is also reached nearer the root, it is shown in full there.
          cut = true;
          out.println(line + " " + glyphs.more());
          continue;
        }
        done.add(key(version));
        out.println(line);
        versionChildren(version, level, prefix + (last ? glyphs.space() : glyphs.pipe()));
      }
    }
  }

  /**
   * A version's children: upstream the runs that wrote it, downstream those that read it, by start
   * time.
   */
  public List<Run> runs(ArtifactVersion version) {
    return runsOfVersion.getOrDefault(version.id(), List.of());
  }

  /**
   * A run's children: upstream the versions it read, downstream those it wrote, by name and
   * version.
   */
  public List<ArtifactVersion> versions(Run run) {
    return versionsOfRun.getOrDefault(run.id(), List.of());
  }

  private static String key(ArtifactVersion version) {
    return "v" + version.id();
  }

  private static String key(Run run) {
    return "r" + run.id();
  }
}
