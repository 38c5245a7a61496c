package dev.nbfactory.kernel.maven;

import dev.nbfactory.kernel.magic.MagicHelp;
import dev.nbfactory.kernel.maven.MavenResolver.ResolvedArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.util.artifact.JavaScopes;

/**
 * IJava's {@code %maven G:A:V ...} and {@code %%loadFromPOM}: resolve artifacts with their
 * transitive runtime dependencies and put the jars on the classpath of later cells (installing the
 * {@code Extension}s they bring). What was resolved once is remembered: asking again adds nothing
 * and touches no repository.
 */
public final class MavenMagics {
  private final MavenResolver resolver;
  private final Consumer<List<Path>> addToClasspath;
  private final Set<String> resolved = new HashSet<>();
  private final Set<Path> added = new LinkedHashSet<>();
  private final Set<String> coordinates = new LinkedHashSet<>();

  /**
   * @param addToClasspath adds jars to the classpath of later cells and installs their extensions
   */
  public MavenMagics(MavenResolver resolver, Consumer<List<Path>> addToClasspath) {
    this.resolver = resolver;
    this.addToClasspath = addToClasspath;
  }

  /** Registers {@code %maven} and {@code %%loadFromPOM}. */
  public void register(MagicsRegistry magics, MagicHelp help) {
    magics.registerLineMagic(
        "maven",
        (LineMagic<Void, BaseKernel>)
            (kernel, args) -> {
              maven(args);
              return null;
            });
    help.line(
        "maven",
        "add artifacts and their runtime dependencies from Maven repositories:"
            + " %maven G:A:V [G:A:jar:classifier:V ...]");
    magics.registerCellMagic(
        "loadFromPOM",
        (CellMagic<Void, BaseKernel>)
            (kernel, args, body) -> {
              loadFromPom(body);
              return null;
            });
    help.cell(
        "loadFromPOM",
        "add the <dependencies> of the POM (or POM fragment) in the cell's body, from its"
            + " <repositories> and Maven Central");
  }

  /** The coordinates asked for with {@code %maven} and {@code %%loadFromPOM}, first ask first. */
  public synchronized List<String> coordinates() {
    return List.copyOf(coordinates);
  }

  /** Resolves {@code G:A:V} coordinates and adds their jars; returns the jars added now. */
  public synchronized List<Path> maven(List<String> args) {
    List<String> coords = new ArrayList<>();
    for (String arg : args) {
      for (String a : arg.split(",")) {
        if (!a.isBlank()) {
          coords.add(a.trim());
        }
      }
    }
    if (coords.isEmpty()) {
      throw new MavenResolutionException(
          "%maven needs coordinates: %maven groupId:artifactId:version [...]");
    }
    List<Dependency> dependencies = new ArrayList<>();
    for (String c : coords) {
      DefaultArtifact artifact;
      try {
        artifact = new DefaultArtifact(c);
      } catch (IllegalArgumentException e) {
        throw new MavenResolutionException(
            "%maven: '"
                + c
                + "' is not groupId:artifactId:version"
                + " (nor groupId:artifactId:extension[:classifier]:version)",
            e);
      }
      dependencies.add(new Dependency(artifact, JavaScopes.RUNTIME));
    }
    return add(dependencies, List.of(), List.of(), "%maven");
  }

  /** Resolves the dependencies of a POM or POM fragment and adds their jars. */
  public synchronized List<Path> loadFromPom(String pom) {
    PomDependencies parsed = PomDependencies.parse(pom);
    if (parsed.dependencies().isEmpty()) {
      throw new MavenResolutionException(
          "%%loadFromPOM: the cell names no compile or runtime <dependency>");
    }
    return add(parsed.dependencies(), parsed.managed(), parsed.repositories(), "%%loadFromPOM");
  }

  private List<Path> add(
      List<Dependency> dependencies,
      List<Dependency> managed,
      List<RemoteRepository> repositories,
      String magic) {
    List<Dependency> toResolve = new ArrayList<>();
    List<String> cached = new ArrayList<>();
    for (Dependency d : dependencies) {
      String key = key(d);
      if (resolved.contains(key)) {
        cached.add(MavenResolver.coordinates(d.getArtifact()));
      } else {
        toResolve.add(d);
      }
    }
    List<ResolvedArtifact> artifacts = new ArrayList<>();
    if (!toResolve.isEmpty()) {
      try {
        artifacts.addAll(resolver.resolve(toResolve, managed, repositories));
      } catch (MavenResolutionException e) {
        throw new MavenResolutionException(magic + ": " + e.getMessage(), e);
      }
      for (Dependency d : toResolve) {
        resolved.add(key(d));
      }
    }
    for (Dependency d : dependencies) {
      coordinates.add(MavenResolver.coordinates(d.getArtifact()));
    }
    List<Path> jars = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ResolvedArtifact a : artifacts) {
      if (a.file().toString().endsWith(".jar") && added.add(a.file())) {
        jars.add(a.file());
        names.add(a.coordinates());
      }
    }
    if (!jars.isEmpty()) {
      addToClasspath.accept(jars);
    }
    StringBuilder report = new StringBuilder();
    if (!jars.isEmpty()) {
      report
          .append("Added ")
          .append(jars.size())
          .append(jars.size() == 1 ? " jar" : " jars")
          .append(" to the classpath: ")
          .append(String.join(", ", names))
          .append('\n');
    } else if (!toResolve.isEmpty()) {
      report.append("Nothing new: every jar is already on the classpath\n");
    }
    if (!cached.isEmpty()) {
      report.append("Already added: ").append(String.join(", ", cached)).append('\n');
    }
    System.out.print(report);
    return jars;
  }

  private static String key(Dependency d) {
    return MavenResolver.coordinates(d.getArtifact());
  }
}
