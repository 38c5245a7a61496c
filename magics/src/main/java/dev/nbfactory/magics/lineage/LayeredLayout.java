package dev.nbfactory.magics.lineage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Places boxes in layers from left to right with ELK Layered, the Sugiyama-style algorithm: links
 * point right where the graph has no cycle, crossings are few, and links are routed as orthogonal
 * polylines that end on the boxes' borders.
 */
final class LayeredLayout {
  /** Vertical gap between boxes of one layer. */
  static final double NODE_SPACING = 20;

  /** Horizontal gap between layers; the routes run in it. */
  static final double LAYER_SPACING = 56;

  private LayeredLayout() {}

  /** A box to place, of a fixed size. */
  record Box(String id, double width, double height) {}

  /** A directed link between two boxes. */
  record Link(String source, String target) {}

  record Point(double x, double y) {}

  /** A placed box; x and y are its top left corner. */
  record Placed(double x, double y, double width, double height) {
    boolean overlaps(Placed other) {
      return x < other.x + other.width
          && other.x < x + width
          && y < other.y + other.height
          && other.y < y + height;
    }
  }

  /**
   * Where everything went.
   *
   * @param routes one polyline per link, in the order the links were given, from its source's
   *     border to its target's
   */
  record Result(double width, double height, Map<String, Placed> boxes, List<List<Point>> routes) {}

  /**
   * Lays out the boxes and links with {@code padding} around them. Links between unknown boxes are
   * refused.
   */
  static Result layout(List<Box> boxes, List<Link> links, ElkPadding padding) {
    Algorithms.ensureRegistered();
    ElkNode graph = ElkGraphUtil.createGraph();
    graph.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
    graph.setProperty(LayeredOptions.DIRECTION, Direction.RIGHT);
    graph.setProperty(LayeredOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    graph.setProperty(LayeredOptions.SPACING_NODE_NODE, NODE_SPACING);
    graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, LAYER_SPACING);
    graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 18.0);
    graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 8.0);
    graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 8.0);
    graph.setProperty(LayeredOptions.SPACING_EDGE_NODE, 12.0);
    graph.setProperty(LayeredOptions.SPACING_COMPONENT_COMPONENT, 32.0);
    graph.setProperty(LayeredOptions.PADDING, padding);
    // Same input, same picture: ELK's randomised steps start from a fixed seed.
    graph.setProperty(LayeredOptions.RANDOM_SEED, 1);
    Map<String, ElkNode> nodes = new LinkedHashMap<>();
    for (Box box : boxes) {
      ElkNode node = ElkGraphUtil.createNode(graph);
      node.setIdentifier(box.id());
      node.setDimensions(box.width(), box.height());
      if (nodes.put(box.id(), node) != null) {
        throw new IllegalArgumentException("two boxes with the id " + box.id());
      }
    }
    List<ElkEdge> edges = new ArrayList<>(links.size());
    for (Link link : links) {
      ElkNode source = nodes.get(link.source());
      ElkNode target = nodes.get(link.target());
      if (source == null || target == null) {
        throw new IllegalArgumentException("a link between unknown boxes: " + link);
      }
      edges.add(ElkGraphUtil.createSimpleEdge(source, target));
    }
    new RecursiveGraphLayoutEngine().layout(graph, new BasicProgressMonitor());

    Map<String, Placed> placed = new HashMap<>();
    nodes.forEach(
        (id, node) ->
            placed.put(
                id, new Placed(node.getX(), node.getY(), node.getWidth(), node.getHeight())));
    List<List<Point>> routes = new ArrayList<>(edges.size());
    for (ElkEdge edge : edges) {
      routes.add(route(edge));
    }
    return new Result(graph.getWidth(), graph.getHeight(), placed, routes);
  }

  /** The edge's points; a simple edge between siblings has one section in their coordinates. */
  private static List<Point> route(ElkEdge edge) {
    List<Point> points = new ArrayList<>();
    for (ElkEdgeSection section : edge.getSections()) {
      points.add(new Point(section.getStartX(), section.getStartY()));
      for (ElkBendPoint bend : section.getBendPoints()) {
        points.add(new Point(bend.getX(), bend.getY()));
      }
      points.add(new Point(section.getEndX(), section.getEndY()));
    }
    return points;
  }

  /**
   * ELK finds algorithms through its meta-data service. It also loads providers it finds with
   * ServiceLoader, but that depends on the class loader a kernel gives it, so Layered is registered
   * explicitly, once.
   */
  private static final class Algorithms {
    private static boolean registered;

    static synchronized void ensureRegistered() {
      if (registered) {
        return;
      }
      LayoutMetaDataService service = LayoutMetaDataService.getInstance();
      if (service.getAlgorithmData(LayeredOptions.ALGORITHM_ID) == null) {
        service.registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
      }
      registered = true;
    }
  }
}
