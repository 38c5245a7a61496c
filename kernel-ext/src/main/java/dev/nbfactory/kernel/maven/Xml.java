package dev.nbfactory.kernel.maven;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Small DOM helpers for POMs and settings: no DTDs, no external entities, namespaces ignored. */
final class Xml {
  private Xml() {}

  static Element parse(String xml) throws IOException, SAXException, ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setExpandEntityReferences(false);
    f.setXIncludeAware(false);
    return f.newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)))
        .getDocumentElement();
  }

  /** The child elements of {@code parent} named {@code name} (all of them for {@code *}). */
  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && (name.equals("*") || localName(e).equals(name))) {
        out.add(e);
      }
    }
    return out;
  }

  /** The trimmed text of the first child named {@code name}, or null. */
  static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0).getTextContent().trim();
  }

  private static String localName(Element e) {
    String n = e.getTagName();
    int colon = n.indexOf(':');
    return colon < 0 ? n : n.substring(colon + 1);
  }
}
