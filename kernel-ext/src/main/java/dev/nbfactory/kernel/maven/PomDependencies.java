package dev.nbfactory.kernel.maven;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.ParserConfigurationException;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * The dependencies and repositories of a POM, or of a POM fragment as {@code %%loadFromPOM} takes
 * it: {@code <dependencies>}, {@code <dependency>}, {@code <repositories>}, {@code <repository>}
 * and {@code <dependencyManagement>} elements, or a whole {@code <project>}. {@code ${name}} is
 * replaced from {@code <properties>}. Test, provided and system dependencies are left out: a
 * notebook runs code, it does not build it. Parents, BOM imports and profiles are not read.
 *
 * @param dependencies what to resolve, with their transitive runtime dependencies
 * @param managed versions (and scopes) from {@code <dependencyManagement>}
 * @param repositories remote repositories to search besides Maven Central
 */
public record PomDependencies(
    List<Dependency> dependencies, List<Dependency> managed, List<RemoteRepository> repositories) {
  private static final Pattern XML_DECLARATION = Pattern.compile("^\\s*<\\?xml[^>]*\\?>");
  private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
  private static final List<String> SKIPPED_SCOPES =
      List.of(JavaScopes.TEST, JavaScopes.PROVIDED, JavaScopes.SYSTEM);

  /** Reads {@code xml}; a malformed one, or a dependency without a version, is an error. */
  public static PomDependencies parse(String xml) {
    String body = XML_DECLARATION.matcher(xml).replaceFirst("").strip();
    if (body.isEmpty()) {
      throw new MavenResolutionException(
          "%%loadFromPOM: the cell is empty; give it <dependencies> or a whole <project>");
    }
    Element root;
    try {
      root =
          body.startsWith("<project")
              ? Xml.parse(body)
              : Xml.parse("<fragment>" + body + "</fragment>");
    } catch (IOException | SAXException | ParserConfigurationException e) {
      throw new MavenResolutionException(
          "%%loadFromPOM: the cell is not well-formed XML: " + e.getMessage(), e);
    }
    Map<String, String> properties = new HashMap<>();
    for (Element props : Xml.children(root, "properties")) {
      for (Element p : Xml.children(props, "*")) {
        properties.put(p.getTagName(), p.getTextContent().trim());
      }
    }
    putIfPresent(properties, "project.groupId", Xml.text(root, "groupId"));
    putIfPresent(properties, "project.version", Xml.text(root, "version"));

    List<Dependency> managed = new ArrayList<>();
    for (Element dm : Xml.children(root, "dependencyManagement")) {
      for (Element deps : Xml.children(dm, "dependencies")) {
        for (Element d : Xml.children(deps, "dependency")) {
          managed.add(dependency(d, properties, Map.of()));
        }
      }
    }
    Map<String, String> managedVersions = new HashMap<>();
    for (Dependency d : managed) {
      managedVersions.put(key(d), d.getArtifact().getVersion());
    }
    List<Element> depElements = new ArrayList<>(Xml.children(root, "dependency"));
    for (Element deps : Xml.children(root, "dependencies")) {
      depElements.addAll(Xml.children(deps, "dependency"));
    }
    List<Dependency> dependencies = new ArrayList<>();
    for (Element d : depElements) {
      Dependency dep = dependency(d, properties, managedVersions);
      if (!SKIPPED_SCOPES.contains(dep.getScope())) {
        dependencies.add(dep);
      }
    }
    List<Element> repoElements = new ArrayList<>(Xml.children(root, "repository"));
    for (Element repos : Xml.children(root, "repositories")) {
      repoElements.addAll(Xml.children(repos, "repository"));
    }
    List<RemoteRepository> repositories = new ArrayList<>();
    for (Element r : repoElements) {
      String url = value(r, "url", properties);
      if (url == null || url.isBlank()) {
        throw new MavenResolutionException("%%loadFromPOM: a <repository> has no <url>");
      }
      String id = value(r, "id", properties);
      repositories.add(
          new RemoteRepository.Builder(
                  id == null || id.isBlank() ? "repo-" + (repositories.size() + 1) : id,
                  "default",
                  url)
              .build());
    }
    return new PomDependencies(
        List.copyOf(dependencies), List.copyOf(managed), List.copyOf(repositories));
  }

  private static Dependency dependency(
      Element d, Map<String, String> properties, Map<String, String> managedVersions) {
    String groupId = value(d, "groupId", properties);
    String artifactId = value(d, "artifactId", properties);
    if (groupId == null || artifactId == null) {
      throw new MavenResolutionException(
          "%%loadFromPOM: a <dependency> needs a <groupId> and an <artifactId>");
    }
    String version = value(d, "version", properties);
    if (version == null) {
      version = managedVersions.get(groupId + ":" + artifactId);
    }
    if (version == null) {
      throw new MavenResolutionException(
          "%%loadFromPOM: "
              + groupId
              + ":"
              + artifactId
              + " has no <version> (and none in <dependencyManagement>)");
    }
    String type = orElse(value(d, "type", properties), "jar");
    String classifier = orElse(value(d, "classifier", properties), "");
    String scope = orElse(value(d, "scope", properties), JavaScopes.COMPILE);
    List<Exclusion> exclusions = new ArrayList<>();
    for (Element ex : Xml.children(d, "exclusions")) {
      for (Element e : Xml.children(ex, "exclusion")) {
        exclusions.add(
            new Exclusion(
                orElse(value(e, "groupId", properties), "*"),
                orElse(value(e, "artifactId", properties), "*"),
                "*",
                "*"));
      }
    }
    return new Dependency(
        new DefaultArtifact(groupId, artifactId, classifier, type, version),
        scope,
        "true".equals(value(d, "optional", properties)),
        exclusions);
  }

  private static String key(Dependency d) {
    return d.getArtifact().getGroupId() + ":" + d.getArtifact().getArtifactId();
  }

  private static String value(Element parent, String name, Map<String, String> properties) {
    String text = Xml.text(parent, name);
    if (text == null) {
      return null;
    }
    Matcher m = PROPERTY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = properties.get(m.group(1));
      if (v == null) {
        throw new MavenResolutionException(
            "%%loadFromPOM: ${" + m.group(1) + "} is not defined in <properties>");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String orElse(String value, String otherwise) {
    return value == null || value.isBlank() ? otherwise : value;
  }
}
