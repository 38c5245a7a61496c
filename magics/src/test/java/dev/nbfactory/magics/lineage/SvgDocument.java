package dev.nbfactory.magics.lineage;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** A lineage SVG parsed with the JDK's XML parser, read back as nodes and edges. */
public final class SvgDocument {
  public final Element svg;
  public final List<SvgNode> nodes = new ArrayList<>();
  public final List<SvgEdge> edges = new ArrayList<>();

  /** One {@code <g class="node ...">}: its classes, reference, box and text lines by class. */
  public record SvgNode(
      Set<String> classes,
      String ref,
      double x,
      double y,
      double width,
      double height,
      Map<String, String> text,
      String tooltip,
      double widestText) {
    boolean overlaps(SvgNode other) {
      return x < other.x + other.width
          && other.x < x + width
          && y < other.y + other.height
          && other.y < y + height;
    }
  }

  /** One {@code <path class="edge ...">}: its type, ends and points. */
  public record SvgEdge(String type, String runId, long versionId, List<double[]> points) {}

  private SvgDocument(Element svg) {
    this.svg = svg;
    NodeList groups = svg.getElementsByTagNameNS("*", "g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      Set<String> classes = Set.of(g.getAttribute("class").split(" "));
      if (!classes.contains("node")) {
        continue;
      }
      Map<String, String> text =
          children(g, "text").stream()
              .collect(Collectors.toMap(e -> e.getAttribute("class"), Node::getTextContent));
      nodes.add(
          new SvgNode(
              classes,
              g.getAttribute("data-ref"),
              Double.parseDouble(g.getAttribute("data-x")),
              Double.parseDouble(g.getAttribute("data-y")),
              Double.parseDouble(g.getAttribute("data-width")),
              Double.parseDouble(g.getAttribute("data-height")),
              text,
              children(g, "title").get(0).getTextContent(),
              children(g, "text").stream()
                  .mapToDouble(
                      e ->
                          TextWidth.of(
                              e.getTextContent(),
                              Double.parseDouble(e.getAttribute("font-size")),
                              e.getAttribute("font-weight").equals("bold")))
                  .max()
                  .orElse(0)));
    }
    NodeList paths = svg.getElementsByTagNameNS("*", "path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element path = (Element) paths.item(i);
      String[] classes = path.getAttribute("class").split(" ");
      if (!classes[0].equals("edge")) {
        continue;
      }
      List<double[]> points =
          Arrays.stream(path.getAttribute("d").split(" "))
              .map(p -> p.substring(1).split(","))
              .map(xy -> new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])})
              .toList();
      edges.add(
          new SvgEdge(
              classes[1],
              path.getAttribute("data-run"),
              Long.parseLong(path.getAttribute("data-version")),
              points));
    }
  }

  public static SvgDocument parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    DocumentBuilder builder = factory.newDocumentBuilder();
    Document document =
        builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    Element root = document.getDocumentElement();
    if (!root.getLocalName().equals("svg")
        || !"http://www.w3.org/2000/svg".equals(root.getNamespaceURI())) {
      throw new AssertionError("not an SVG document: " + root.getTagName());
    }
    return new SvgDocument(root);
  }

  public Map<String, SvgNode> nodesByRef() {
    return nodes.stream().collect(Collectors.toMap(SvgNode::ref, Function.identity()));
  }

  public List<SvgNode> withClass(String cssClass) {
    return nodes.stream().filter(n -> n.classes().contains(cssClass)).toList();
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && element.getLocalName().equals(name)) {
        out.add(element);
      }
    }
    return out;
  }
}
