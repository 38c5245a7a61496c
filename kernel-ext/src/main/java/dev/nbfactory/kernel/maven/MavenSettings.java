package dev.nbfactory.kernel.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Where {@code %maven} looks for artifacts: the local repository (the cache), whether it may go
 * online, and the mirrors to use instead of remote repositories.
 *
 * <p>Read from the user's Maven settings, {@code ~/.m2/settings.xml}: its {@code localRepository},
 * {@code offline} and {@code mirrors}. Profiles, proxies and server credentials are not read.
 * {@code FACTORY_MAVEN_REPO} overrides the local repository.
 *
 * @param localRepository the local repository, also the cache of everything downloaded
 * @param offline when true, only the local repository is used
 * @param mirrors mirrors from the settings, in their order
 * @param settingsFile the settings file read, or null
 */
public record MavenSettings(
    Path localRepository, boolean offline, List<Mirror> mirrors, Path settingsFile) {

  /** Maven Central, used when no {@code %%loadFromPOM} names other repositories. */
  public static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

  /** A {@code <mirror>} of settings.xml. */
  public record Mirror(String id, String url, String mirrorOf) {}

  /**
   * The user's settings.
   *
   * @param localRepository the local repository to use instead of the settings' one ({@code
   *     FACTORY_MAVEN_REPO}), or null
   */
  public static MavenSettings load(Path localRepository, Path userHome) {
    Path m2 = userHome.resolve(".m2");
    Path settingsFile = m2.resolve("settings.xml");
    Path local = m2.resolve("repository");
    boolean offline = false;
    List<Mirror> mirrors = new ArrayList<>();
    if (Files.isRegularFile(settingsFile)) {
      Element root = parse(settingsFile);
      String repo = text(root, "localRepository");
      if (repo != null && !repo.isBlank()) {
        local = Path.of(repo.replace("${user.home}", userHome.toString()));
      }
      offline = "true".equals(text(root, "offline"));
      for (Element mirrors0 : Xml.children(root, "mirrors")) {
        for (Element m : Xml.children(mirrors0, "mirror")) {
          String url = text(m, "url");
          if (url != null) {
            mirrors.add(
                new Mirror(orElse(text(m, "id"), "mirror"), url, orElse(text(m, "mirrorOf"), "*")));
          }
        }
      }
    } else {
      settingsFile = null;
    }
    if (localRepository != null) {
      local = localRepository;
    }
    return new MavenSettings(local.toAbsolutePath(), offline, List.copyOf(mirrors), settingsFile);
  }

  private static Element parse(Path file) {
    try {
      return Xml.parse(Files.readString(file));
    } catch (IOException | SAXException | ParserConfigurationException e) {
      throw new MavenResolutionException(
          "cannot read the Maven settings " + file + ": " + e.getMessage(), e);
    }
  }

  private static String text(Element parent, String name) {
    return Xml.text(parent, name);
  }

  private static String orElse(String value, String otherwise) {
    return value == null || value.isBlank() ? otherwise : value;
  }
}
