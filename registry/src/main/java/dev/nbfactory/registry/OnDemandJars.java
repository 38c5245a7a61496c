package dev.nbfactory.registry;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Jars a JVM was started without and loads only when it first needs them. Kernels and stage JVMs
 * start with the jars cells need; the launcher names the rest of the installation's jars in the
 * system property {@value #PROPERTY} (path-separated). A store a registry names by URL whose module
 * is among them (the S3 store and the AWS SDK) is loaded from there, so a notebook that keeps its
 * artifacts in a folder never has them on its class path.
 */
public final class OnDemandJars {
  public static final String PROPERTY = "factory.on-demand.classpath";

  private static ClassLoader loader;
  private static boolean made;

  private OnDemandJars() {}

  /** {@code -D} option naming {@code jars}; empty when there are none. */
  public static List<String> option(List<Path> jars) {
    if (jars.isEmpty()) {
      return List.of();
    }
    List<String> paths = jars.stream().map(Path::toString).toList();
    return List.of("-D" + PROPERTY + "=" + String.join(File.pathSeparator, paths));
  }

  /** A class loader over the named jars (the registry's loader its parent); made once. */
  static synchronized Optional<ClassLoader> loader() {
    if (!made) {
      made = true;
      List<URL> urls = new ArrayList<>();
      for (String entry : System.getProperty(PROPERTY, "").split(File.pathSeparator)) {
        Path jar = Path.of(entry.isBlank() ? "." : entry);
        if (!entry.isBlank() && Files.isRegularFile(jar)) {
          try {
            urls.add(jar.toUri().toURL());
          } catch (MalformedURLException e) {
            // not a jar we can name: left out, as a missing one is
          }
        }
      }
      if (!urls.isEmpty()) {
        loader =
            new URLClassLoader(
                "factory-on-demand", urls.toArray(URL[]::new), OnDemandJars.class.getClassLoader());
      }
    }
    return Optional.ofNullable(loader);
  }
}
