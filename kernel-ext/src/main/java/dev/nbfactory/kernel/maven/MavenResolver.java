package dev.nbfactory.kernel.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.aether.ConfigurationProperties;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;

/**
 * Resolves artifacts and their transitive runtime dependencies with Maven Resolver, from the local
 * repository first and then from Maven Central (or its mirror) and any repositories given. The
 * local repository is the cache: what it holds is never downloaded again.
 *
 * <p>The resolver starts on first use, so a kernel that never resolves anything does not pay for
 * it. Thread-safe: calls are serialized.
 */
public final class MavenResolver implements AutoCloseable {
  private final Supplier<MavenSettings> settingsSource;
  private MavenSettings settings;
  private final AtomicInteger downloads = new AtomicInteger();
  private RepositorySystem system;
  private CloseableSession session;

  /** A resolved artifact: its coordinates ({@code G:A[:E[:C]]:V}) and its file. */
  public record ResolvedArtifact(String coordinates, Path file) {}

  public MavenResolver(MavenSettings settings) {
    this(() -> settings);
  }

  /** A resolver whose settings are read when it is first used. */
  public MavenResolver(Supplier<MavenSettings> settings) {
    this.settingsSource = settings;
  }

  /** The settings in use (read now if they were not yet). */
  public synchronized MavenSettings settings() {
    if (settings == null) {
      settings = settingsSource.get();
    }
    return settings;
  }

  /** How many files were downloaded from remote repositories so far. */
  public int downloads() {
    return downloads.get();
  }

  /**
   * The files of {@code dependencies} and of their transitive runtime dependencies, in classpath
   * order (each once).
   *
   * @param managed versions that override transitive ones (a POM's dependencyManagement)
   * @param repositories remote repositories to search before Maven Central
   * @throws MavenResolutionException naming what is missing and where it was looked for
   */
  public synchronized List<ResolvedArtifact> resolve(
      List<Dependency> dependencies,
      List<Dependency> managed,
      List<RemoteRepository> repositories) {
    start();
    List<RemoteRepository> declared = new ArrayList<>(repositories);
    if (declared.stream().noneMatch(r -> r.getId().equals("central"))) {
      declared.add(
          new RemoteRepository.Builder("central", "default", MavenSettings.CENTRAL_URL).build());
    }
    List<RemoteRepository> remotes = system.newResolutionRepositories(session, declared);
    CollectRequest collect = new CollectRequest();
    collect.setDependencies(dependencies);
    collect.setManagedDependencies(managed);
    collect.setRepositories(remotes);
    DependencyRequest request =
        new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
    DependencyResult result;
    try {
      result = system.resolveDependencies(session, request);
    } catch (DependencyResolutionException e) {
      throw explain(e, dependencies, remotes);
    }
    List<ResolvedArtifact> out = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (ArtifactResult r : result.getArtifactResults()) {
      Artifact a = r.getArtifact();
      if (a != null && a.getPath() != null && seen.add(a.getPath())) {
        out.add(new ResolvedArtifact(coordinates(a), a.getPath()));
      }
    }
    return out;
  }

  /** {@code G:A:V}, with extension and classifier when they are not the plain jar's. */
  public static String coordinates(Artifact a) {
    StringBuilder s = new StringBuilder(a.getGroupId()).append(':').append(a.getArtifactId());
    if (!a.getExtension().equals("jar") || !a.getClassifier().isEmpty()) {
      s.append(':').append(a.getExtension());
      if (!a.getClassifier().isEmpty()) {
        s.append(':').append(a.getClassifier());
      }
    }
    return s.append(':').append(a.getBaseVersion()).toString();
  }

  private MavenResolutionException explain(
      DependencyResolutionException e, List<Dependency> asked, List<RemoteRepository> remotes) {
    Set<String> missing = new LinkedHashSet<>();
    Set<String> other = new LinkedHashSet<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      collect(t, missing, other);
    }
    DependencyResult result = e.getResult();
    if (result != null) {
      for (Exception c : result.getCollectExceptions()) {
        for (Throwable t = c; t != null; t = t.getCause()) {
          collect(t, missing, other);
        }
      }
      for (ArtifactResult r : result.getArtifactResults()) {
        for (Exception x : r.getExceptions()) {
          collect(x, missing, other);
        }
      }
    }
    String where =
        "the local repository "
            + settings.localRepository()
            + (settings.offline()
                ? " (offline: no remote repository was searched)"
                : remotes.stream()
                    .map(r -> r.getId() + " (" + r.getUrl() + ")")
                    .collect(Collectors.joining(", ", " and ", "")));
    String what =
        asked.stream().map(d -> coordinates(d.getArtifact())).collect(Collectors.joining(", "));
    if (!missing.isEmpty()) {
      String notFound =
          String.join(", ", missing) + (missing.size() == 1 ? " was" : " were") + " not found";
      return new MavenResolutionException(
          (missing.contains(what) ? notFound : "cannot resolve " + what + ": " + notFound)
              + "; looked in "
              + where,
          e);
    }
    String reason = other.isEmpty() ? String.valueOf(e.getMessage()) : String.join("; ", other);
    return new MavenResolutionException(
        "cannot resolve " + what + ": " + reason + "; looked in " + where, e);
  }

  private static void collect(Throwable t, Set<String> missing, Set<String> other) {
    if (t instanceof ArtifactNotFoundException nf && nf.getArtifact() != null) {
      missing.add(coordinates(nf.getArtifact()));
    } else if (t.getCause() == null && t.getMessage() != null) {
      other.add(t.getMessage());
    }
  }

  private void start() {
    if (system != null) {
      return;
    }
    MavenSettings settings = settings();
    system = new RepositorySystemSupplier().get();
    DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
    for (MavenSettings.Mirror m : settings.mirrors()) {
      mirrors.add(m.id(), m.url(), "default", false, false, m.mirrorOf(), "*");
    }
    session =
        new SessionBuilderSupplier(system)
            .get()
            .withLocalRepositoryBaseDirectories(settings.localRepository())
            .setOffline(settings.offline())
            .setMirrorSelector(mirrors)
            .setSystemProperties(System.getProperties())
            .setConfigProperty(ConfigurationProperties.CONNECT_TIMEOUT, 15_000)
            .setConfigProperty(ConfigurationProperties.REQUEST_TIMEOUT, 120_000)
            .setConfigProperty(ConfigurationProperties.USER_AGENT, "factory-java kernel")
            .setTransferListener(
                new AbstractTransferListener() {
                  @Override
                  public void transferSucceeded(TransferEvent event) {
                    if (event.getRequestType() == TransferEvent.RequestType.GET) {
                      downloads.incrementAndGet();
                    }
                  }
                })
            .build();
  }

  @Override
  public synchronized void close() {
    if (session != null) {
      session.close();
    }
    if (system != null) {
      system.shutdown();
    }
  }
}
