package dev.nbfactory.web.ui;

import dev.nbfactory.magics.lineage.LineageCut;
import dev.nbfactory.magics.lineage.LineageSvg;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Registry;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph around a version, upstream and downstream: one hop by default; a marked node (one with
 * more history) expands by one hop when clicked, and the expanded set travels in the address, so a
 * view can be shared. Runs of one stage beyond a few fold into one node unless unfolded. Drawn with
 * the same layout as {@code %lineage}; the page pans and zooms it.
 */
final class LineagePage {
  /** The most nodes expanded in one view: each costs two walks. */
  static final int MAX_EXPANDED = 100;

  private final Registry registry;
  private final LineageSvg svg = new LineageSvg(ZoneOffset.UTC);

  LineagePage(Registry registry) {
    this.registry = registry;
  }

  void handle(Context ctx) {
    String ref = ArtifactPage.required(ctx, "ref");
    ArtifactVersion root = registry.resolve(ref);
    Set<String> expanded = new LinkedHashSet<>();
    expanded.add(root.ref());
    // repeated, not comma-joined: a raw file's name may hold a comma
    for (String e : ctx.queryParams("expand")) {
      if (!e.isBlank()) {
        expanded.add(registry.resolve(e.strip()).ref());
      }
    }
    if (expanded.size() > MAX_EXPANDED) {
      throw new InvalidInputException(
          "at most "
              + MAX_EXPANDED
              + " nodes expand in one view: open the lineage of a node nearer");
    }
    boolean fold = !"0".equals(ctx.queryParam("fold"));
    Neighbourhood around = new Neighbourhood(root);
    for (String x : expanded) {
      for (Lineage.Direction d : Lineage.Direction.values()) {
        LineageCut cut = LineageCut.of(registry.lineage(x, d, 2), 1);
        around.add(cut.lineage(), cut.goesOn());
      }
    }
    Map<String, Integer> folded = new LinkedHashMap<>();
    Lineage graph = around.lineage(expanded);
    if (fold) {
      StageFold.Folded f = StageFold.fold(graph, StageFold.KEEP, expanded);
      graph = f.lineage();
      folded = f.counts();
    }
    Set<Long> more = new LinkedHashSet<>(around.goesOn());
    for (ArtifactVersion v : graph.versions()) {
      if (expanded.contains(v.ref())) {
        more.remove(v.id());
      }
    }
    String heading =
        "Around "
            + root.ref()
            + " · "
            + graph.versions().size()
            + " versions, "
            + graph.runs().size()
            + " runs";
    String picture = svg.render(new LineageCut(graph, more), heading, folded);

    StringBuilder out = new StringBuilder(picture.length() + 2048);
    String base = "/lineage?ref=" + Html.url(root.ref());
    List<String> extra = new ArrayList<>(expanded);
    extra.remove(root.ref());
    StringBuilder expandParam = new StringBuilder();
    extra.forEach(e -> expandParam.append("&expand=").append(Html.url(e)));
    out.append("<p class=\"hint\">Click a node with a dashed arrow to expand it by one hop;")
        .append(" drag to pan, wheel to zoom. ")
        .append(
            fold
                ? "<a href=\"" + Html.text(base + expandParam + "&fold=0") + "\">unfold runs</a>"
                : "<a href=\"" + Html.text(base + expandParam) + "\">fold runs of a stage</a>")
        .append(" · <a href=\"")
        .append(Html.text(base))
        .append("\">reset</a> · <a href=\"")
        .append(Fmt.versionHref(root.name(), root.version()))
        .append("\">")
        .append(Html.text(root.ref()))
        .append("</a></p>");
    // data-expand: the page adds a clicked node's ref to this address and loads it.
    out.append("<div class=\"lineage\" data-expand=\"")
        .append(Html.text(base + expandParam + (fold ? "" : "&fold=0")))
        .append("\">")
        .append(picture)
        .append("</div>");
    ctx.html(Layout.page("Lineage of " + root.ref(), "Artifacts", out.toString()));
  }

  /** The union of several walks: every version, run and edge once. */
  private static final class Neighbourhood {
    private final ArtifactVersion root;
    private final Map<Long, ArtifactVersion> versions = new LinkedHashMap<>();
    private final Map<String, dev.nbfactory.registry.Run> runs = new LinkedHashMap<>();
    private final Set<Lineage.Edge> edges = new LinkedHashSet<>();
    private final Set<Long> goesOn = new LinkedHashSet<>();

    Neighbourhood(ArtifactVersion root) {
      this.root = root;
      versions.put(root.id(), root);
    }

    void add(Lineage lineage, Set<Long> more) {
      lineage.versions().forEach(v -> versions.putIfAbsent(v.id(), v));
      lineage.runs().forEach(r -> runs.putIfAbsent(r.id(), r));
      edges.addAll(lineage.edges());
      goesOn.addAll(more);
    }

    Set<Long> goesOn() {
      return goesOn;
    }

    Lineage lineage(Set<String> expanded) {
      return new Lineage(
          root,
          Lineage.Direction.UPSTREAM,
          expanded.size(),
          List.copyOf(versions.values()),
          List.copyOf(runs.values()),
          List.copyOf(edges));
    }
  }
}
