package dev.nbfactory.magics.lineage;

import static dev.nbfactory.magics.lineage.NodeStyle.n;

import dev.nbfactory.magics.lineage.LayeredLayout.Placed;
import dev.nbfactory.magics.lineage.LayeredLayout.Point;
import dev.nbfactory.registry.ArtifactKind;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.Lineage;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunKind;
import dev.nbfactory.registry.RunStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eclipse.elk.core.math.ElkPadding;

/**
 * A lineage drawn as a standalone SVG document, data flowing left to right: artifact versions
 * shaped and coloured by kind, runs as process boxes coloured by status, links as orthogonal
 * polylines with arrowheads, and the root outlined. Boxes are sized from their text, so text never
 * overlaps; names too long for a box are cut with an ellipsis and shown whole in the tooltip. The
 * document has a {@code viewBox} and a natural width and height, so a notebook scales it down to
 * fit. All text from the registry is escaped.
 *
 * <p>Each node is a {@code <g class="node ...">} with {@code data-ref} (a version's {@code
 * name@version} or a run's id) and {@code data-x}, {@code data-y}, {@code data-width}, {@code
 * data-height} (its box); each link a {@code <path class="edge consumed|produced">}.
 */
public final class LineageSvg {
  static final String FONT = "Helvetica, Arial, &#39;Liberation Sans&#39;, sans-serif";
  private static final double CAPTION = 10;
  private static final double TITLE = 13;
  private static final double DETAIL = 11;
  private static final double[] SIZES = {CAPTION, TITLE, DETAIL};
  private static final double[] LINE_HEIGHTS = {14, 18, 15};
  private static final boolean[] BOLD = {true, true, false};
  private static final double MAX_TEXT = 260;
  private static final double MIN_WIDTH = 112;
  private static final double MARGIN = 16;
  static final double SIDE_MARGIN = 30;
  private static final double HEADING = 34;
  static final double LEGEND_ROW = 22;
  private static final String EDGE_COLOUR = "#64748b";
  static final String ROOT_COLOUR = "#f59e0b";
  private static final String TEXT_COLOUR = "#0f172a";
  static final String DETAIL_COLOUR = "#334155";

  private final ZoneId zone;

  /** Run start times are shown in {@code zone}. */
  public LineageSvg(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /**
   * Draws a small made-up lineage, so that ELK's classes are loaded and its option registry built
   * before the first real picture: the first picture in a JVM otherwise takes a second or more. A
   * kernel can call this on a background thread at start-up.
   */
  public static void warmUp() {
    Instant at = Instant.EPOCH;
    String hash = "0".repeat(64);
    ArtifactVersion input =
        new ArtifactVersion(
            1, "input", ArtifactKind.DATASET, 1, hash, 0, null, List.of(), null, null, at);
    ArtifactVersion output =
        new ArtifactVersion(
            2, "output", ArtifactKind.MODEL, 1, hash, 0, null, List.of(), null, "run", at);
    Run run =
        new Run(
            "run",
            "warm-up",
            RunStatus.SUCCEEDED,
            RunKind.INTERACTIVE,
            at,
            at,
            null,
            null,
            null,
            null,
            List.of(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    new LineageSvg(ZoneOffset.UTC)
        .render(
            new Lineage(
                output,
                Lineage.Direction.UPSTREAM,
                1,
                List.of(input, output),
                List.of(run),
                List.of(
                    new Lineage.Edge("run", 1, Lineage.EdgeType.CONSUMED),
                    new Lineage.Edge("run", 2, Lineage.EdgeType.PRODUCED))));
  }

  /** Draws all of {@code lineage}. */
  public String render(Lineage lineage) {
    return render(LineageCut.whole(lineage));
  }

  /** Draws the cut's lineage, marking the versions whose history goes on beyond it. */
  public String render(LineageCut cut) {
    return render(cut, null, Map.of());
  }

  /** Draws the cut under {@code heading}; a run id or name@version in {@code folded} is N nodes. */
  public String render(LineageCut cut, String heading, Map<String, Integer> folded) {
    Lineage lineage = cut.lineage();
    boolean upstream = lineage.direction() == Lineage.Direction.UPSTREAM;
    Map<String, Node> nodes = new LinkedHashMap<>();
    for (ArtifactVersion version : lineage.versions()) {
      nodes.put(
          key(version),
          versionNode(
              version, version.id() == lineage.root().id(), folded.getOrDefault(version.ref(), 1)));
    }
    if (!nodes.containsKey(key(lineage.root()))) {
      nodes.put(key(lineage.root()), versionNode(lineage.root(), true, 1));
    }
    for (Run run : lineage.runs()) {
      nodes.put(key(run), runNode(run, folded.getOrDefault(run.id(), 1)));
    }
    List<Lineage.Edge> edges = new ArrayList<>();
    List<LayeredLayout.Link> links = new ArrayList<>();
    for (Lineage.Edge edge : lineage.edges()) {
      String version = "v" + edge.versionId();
      String run = "r" + edge.runId();
      if (!nodes.containsKey(version) || !nodes.containsKey(run)) {
        continue;
      }
      edges.add(edge);
      links.add(
          edge.type() == Lineage.EdgeType.CONSUMED
              ? new LayeredLayout.Link(version, run)
              : new LayeredLayout.Link(run, version));
    }
    List<LayeredLayout.Box> boxes = new ArrayList<>(nodes.size());
    nodes.forEach((key, node) -> boxes.add(new LayeredLayout.Box(key, node.width, node.height)));
    LayeredLayout.Result layout =
        LayeredLayout.layout(
            boxes, links, new ElkPadding(MARGIN, SIDE_MARGIN, MARGIN, SIDE_MARGIN));

    String id = "nbf-lineage-" + Integer.toHexString(identity(lineage));
    if (heading == null) {
      heading = heading(lineage);
    }
    LineageLegend legend = legend(nodes.values(), !cut.goesOn().isEmpty(), upstream);
    double width =
        Math.ceil(
            Math.max(
                layout.width(),
                Math.max(2 * SIDE_MARGIN + TextWidth.of(heading, TITLE, true), legend.minWidth())));
    List<List<LineageLegend.Item>> legendRows = legend.rows(width - 2 * SIDE_MARGIN);
    double height = Math.ceil(HEADING + layout.height() + legendRows.size() * LEGEND_ROW + 8);

    StringBuilder svg = new StringBuilder(4096 + nodes.size() * 900);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(n(width))
        .append("\" height=\"")
        .append(n(height))
        .append("\" viewBox=\"0 0 ")
        .append(n(width))
        .append(' ')
        .append(n(height))
        .append("\" font-family=\"")
        .append(FONT)
        .append("\" role=\"img\" aria-label=\"")
        .append(Xml.escape(heading))
        .append("\" class=\"nbf-lineage\" id=\"")
        .append(id)
        .append("\">\n<title>")
        .append(Xml.escape(heading))
        .append("</title>\n<defs>")
        .append(arrow(id + "-arrow", EDGE_COLOUR))
        .append(arrow(id + "-more", "#94a3b8"))
        .append("</defs>\n");
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    svg.append("<text class=\"heading\" x=\"")
        .append(n(SIDE_MARGIN))
        .append("\" y=\"24\" font-size=\"")
        .append(n(TITLE))
        .append("\" font-weight=\"bold\" fill=\"")
        .append(TEXT_COLOUR)
        .append("\">")
        .append(Xml.escape(heading))
        .append("</text>\n");

    // The root's ring goes under the edges, so the arrowheads that touch the root stay visible.
    Placed root = layout.boxes().get(key(lineage.root()));
    svg.append("<rect class=\"root-mark\" x=\"")
        .append(n(root.x() - 5))
        .append("\" y=\"")
        .append(n(root.y() + HEADING - 5))
        .append("\" width=\"")
        .append(n(root.width() + 10))
        .append("\" height=\"")
        .append(n(root.height() + 10))
        .append("\" rx=\"9\" fill=\"none\" stroke=\"")
        .append(ROOT_COLOUR)
        .append("\" stroke-width=\"3\"/>\n");
    svg.append("<g class=\"edges\" fill=\"none\" stroke=\"")
        .append(EDGE_COLOUR)
        .append("\" stroke-width=\"1.4\">\n");
    for (int i = 0; i < edges.size(); i++) {
      Lineage.Edge edge = edges.get(i);
      List<Point> route = layout.routes().get(i);
      svg.append("<path class=\"edge ")
          .append(edge.type() == Lineage.EdgeType.CONSUMED ? "consumed" : "produced")
          .append("\" data-run=\"")
          .append(Xml.escape(edge.runId()))
          .append("\" data-version=\"")
          .append(edge.versionId())
          .append("\" d=\"");
      for (int p = 0; p < route.size(); p++) {
        svg.append(p == 0 ? "M" : " L")
            .append(n(route.get(p).x()))
            .append(',')
            .append(n(route.get(p).y() + HEADING));
      }
      svg.append("\" marker-end=\"url(#").append(id).append("-arrow)\"/>\n");
    }
    svg.append("</g>\n<g class=\"nodes\">\n");
    nodes.forEach(
        (key, node) -> {
          Placed box = layout.boxes().get(key);
          node.render(svg, box.x(), box.y() + HEADING);
          if (node.version != null && cut.goesOn().contains(node.version.id())) {
            goesOn(svg, id, box.x(), box.y() + HEADING, box.width(), box.height(), upstream);
          }
        });
    svg.append("</g>\n");
    legend.render(svg, legendRows, HEADING + layout.height() + 4);
    svg.append("</svg>\n");
    return svg.toString();
  }

  // ---- nodes

  /** A node's content, measured; rendered once placed. */
  private static final class Node {
    final String cssClass;
    final String ref;
    final NodeStyle style;
    final List<String> lines;
    final String tooltip;
    final boolean root;
    final ArtifactVersion version;
    final Run run;
    final double width;
    final double height;

    Node(
        String cssClass,
        String ref,
        NodeStyle style,
        List<String> lines,
        String tooltip,
        boolean root,
        ArtifactVersion version,
        Run run) {
      this.cssClass = cssClass;
      this.ref = ref;
      this.style = style;
      this.tooltip = tooltip;
      this.root = root;
      this.version = version;
      this.run = run;
      List<String> fitted = new ArrayList<>(lines.size());
      double text = 0;
      double lineHeights = 0;
      for (int i = 0; i < lines.size(); i++) {
        String line = TextWidth.fit(lines.get(i), MAX_TEXT, SIZES[i], BOLD[i]);
        fitted.add(line);
        text = Math.max(text, TextWidth.of(line, SIZES[i], BOLD[i]));
        lineHeights += LINE_HEIGHTS[i];
      }
      this.lines = List.copyOf(fitted);
      this.width = Math.ceil(Math.max(MIN_WIDTH, text + style.padLeft() + style.padRight()));
      this.height = Math.ceil(lineHeights + style.padTop() + style.padBottom());
    }

    void render(StringBuilder svg, double x, double y) {
      svg.append("<g class=\"node ")
          .append(cssClass)
          .append(root ? " root" : "")
          .append("\" data-ref=\"")
          .append(Xml.escape(ref))
          .append("\" data-x=\"")
          .append(n(x))
          .append("\" data-y=\"")
          .append(n(y))
          .append("\" data-width=\"")
          .append(n(width))
          .append("\" data-height=\"")
          .append(n(height))
          .append("\" transform=\"translate(")
          .append(n(x))
          .append(',')
          .append(n(y))
          .append(")\">\n<title>")
          .append(Xml.escape(tooltip))
          .append("</title>\n");
      svg.append(style.outline(width, height)).append('\n');
      double centre = style.padLeft() + (width - style.padLeft() - style.padRight()) / 2;
      double top = style.padTop();
      String[] classes = {"caption", "name", "detail"};
      String[] colours = {style.stroke(), TEXT_COLOUR, DETAIL_COLOUR};
      for (int i = 0; i < lines.size(); i++) {
        // The baseline sits so the glyphs' x-height is centred in the line.
        double baseline = top + LINE_HEIGHTS[i] / 2 + SIZES[i] * 0.35;
        svg.append("<text class=\"")
            .append(classes[i])
            .append("\" x=\"")
            .append(n(centre))
            .append("\" y=\"")
            .append(n(baseline))
            .append("\" text-anchor=\"middle\" font-size=\"")
            .append(n(SIZES[i]))
            .append(BOLD[i] ? "\" font-weight=\"bold" : "")
            .append("\" fill=\"")
            .append(colours[i])
            .append("\">")
            .append(Xml.escape(lines.get(i)))
            .append("</text>\n");
        top += LINE_HEIGHTS[i];
      }
      svg.append("</g>\n");
    }
  }

  private static Node versionNode(ArtifactVersion version, boolean root, int folded) {
    String kind = Texts.lower(version.kind());
    List<String> lines =
        List.of(
            (root ? "root · " + kind : kind) + (folded > 1 ? " · " + folded + " versions" : ""),
            version.name(),
            "v" + version.version() + " · " + prefix(version.contentHash(), 7));
    String tooltip =
        version.ref()
            + "\n"
            + kind
            + ", "
            + Texts.size(version.size())
            + (version.mediaType() == null ? "" : ", " + version.mediaType())
            + "\nsha256 "
            + version.contentHash()
            + "\ncreated "
            + version.createdAt()
            + (version.producerRunId() == null ? "" : " by run " + version.producerRunId());
    return new Node(
        "version " + kind,
        version.ref(),
        NodeStyle.of(version.kind()),
        lines,
        tooltip,
        root,
        version,
        null);
  }

  private Node runNode(Run run, int folded) {
    String status = Texts.lower(run.status()).replace('_', ' ');
    String when = Texts.minute(run.startedAt(), zone);
    if (run.status().isFinal() && run.endedAt() != null) {
      when += " · " + Texts.duration(run.duration(run.endedAt()));
    }
    List<String> lines =
        List.of(
            (folded > 1 ? folded + " runs · newest " : "run ") + run.shortId() + " · " + status,
            run.stage(),
            when);
    StringBuilder tooltip =
        new StringBuilder(run.stage())
            .append(" run ")
            .append(run.id())
            .append('\n')
            .append(status)
            .append(", started ")
            .append(run.startedAt());
    if (run.endedAt() != null) {
      tooltip.append(", ended ").append(run.endedAt());
    }
    if (run.notebookPath() != null) {
      tooltip.append("\nnotebook ").append(run.notebookPath());
    }
    if (run.error() != null && !run.error().isBlank()) {
      tooltip.append("\nerror: ").append(run.error());
    }
    return new Node(
        "run " + Texts.lower(run.status()).replace('_', '-'),
        run.id(),
        NodeStyle.of(run.status()),
        lines,
        tooltip.toString(),
        false,
        null,
        run);
  }

  /** A dashed arrow into (upstream) or out of (downstream) a version whose history goes on. */
  private static void goesOn(
      StringBuilder svg, String id, double x, double y, double w, double h, boolean upstream) {
    double cy = y + h / 2;
    double from = upstream ? x - 24 : x + w + 2;
    double to = upstream ? x - 2 : x + w + 24;
    svg.append("<path class=\"goes-on\" d=\"M")
        .append(n(from))
        .append(',')
        .append(n(cy))
        .append(" H")
        .append(n(to))
        .append("\" fill=\"none\" stroke=\"#94a3b8\" stroke-width=\"1.4\" stroke-dasharray=\"3 3\"")
        .append(" marker-end=\"url(#")
        .append(id)
        .append("-more)\"><title>")
        .append(upstream ? "more history upstream" : "more made from it downstream")
        .append(", beyond the depth shown</title></path>\n");
  }

  private static String arrow(String id, String colour) {
    return "<marker id=\""
        + id
        + "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\""
        + " markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 Z\" fill=\""
        + colour
        + "\"/></marker>";
  }

  // ---- heading and legend

  private static String heading(Lineage lineage) {
    int versions = lineage.versions().size();
    int runs = lineage.runs().size();
    return (lineage.direction() == Lineage.Direction.UPSTREAM ? "Upstream of " : "Downstream of ")
        + lineage.root().ref()
        + " · depth "
        + lineage.depth()
        + " · "
        + versions
        + (versions == 1 ? " version, " : " versions, ")
        + runs
        + (runs == 1 ? " run" : " runs");
  }

  private static LineageLegend legend(Collection<Node> nodes, boolean goesOn, boolean upstream) {
    Set<ArtifactKind> kinds = EnumSet.noneOf(ArtifactKind.class);
    Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
    for (Node node : nodes) {
      if (node.version != null) {
        kinds.add(node.version.kind());
      }
      if (node.run != null) {
        statuses.add(node.run.status());
      }
    }
    return LineageLegend.of(kinds, statuses, goesOn, upstream);
  }

  // ---- keys

  private static String key(ArtifactVersion version) {
    return "v" + version.id();
  }

  private static String key(Run run) {
    return "r" + run.id();
  }

  private static String prefix(String text, int length) {
    return text == null ? "" : text.substring(0, Math.min(length, text.length()));
  }

  /** Ties the marker ids to the picture, so several pictures on one page keep their own. */
  private static int identity(Lineage lineage) {
    return Objects.hash(
        lineage.root().id(),
        lineage.direction(),
        lineage.depth(),
        lineage.versions().size(),
        lineage.runs().size(),
        lineage.edges().size());
  }
}
