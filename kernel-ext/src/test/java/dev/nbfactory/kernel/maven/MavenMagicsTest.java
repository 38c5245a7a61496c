package dev.nbfactory.kernel.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code %maven} and {@code %%loadFromPOM} against a real Maven Resolver, a repository in a folder
 * (reached through a mirror of everything, as settings.xml would set it) and an empty local
 * repository.
 */
class MavenMagicsTest {
  @TempDir Path remote;
  @TempDir Path local;

  private FileRepository repo;
  private MavenResolver resolver;
  private final List<Path> classpath = new ArrayList<>();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private PrintStream stdout;

  @BeforeEach
  void setUp() throws Exception {
    repo = FileRepository.standard(remote);
    resolver = resolver(false);
    stdout = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void tearDown() {
    System.setOut(stdout);
    resolver.close();
  }

  private MavenResolver resolver(boolean offline) {
    return new MavenResolver(
        new MavenSettings(
            local,
            offline,
            List.of(new MavenSettings.Mirror("test-mirror", repo.url(), "*")),
            null));
  }

  private static List<String> names(List<Path> jars) {
    return jars.stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void addsTheArtifactAndItsRuntimeDependenciesButNotTestOrProvidedOnes() {
    MavenMagics magics = new MavenMagics(resolver, classpath::addAll);
    List<Path> added = magics.maven(List.of("test.nbf:app:1.0"));
    assertThat(names(added)).containsExactly("app-1.0.jar", "lib-1.0.jar", "rt-1.0.jar");
    assertThat(classpath).isEqualTo(added);
    assertThat(added).allMatch(p -> p.startsWith(local), "in the local repository");
    assertThat(magics.coordinates()).containsExactly("test.nbf:app:1.0");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Added 3 jars to the classpath: test.nbf:app:1.0, test.nbf:lib:1.0");
  }

  @Test
  void askingAgainAddsNothingAndDownloadsNothing() {
    MavenMagics magics = new MavenMagics(resolver, classpath::addAll);
    magics.maven(List.of("test.nbf:app:1.0"));
    int downloads = resolver.downloads();
    assertThat(downloads).isPositive();
    assertThat(magics.maven(List.of("test.nbf:app:1.0"))).isEmpty();
    // lib comes with app already: asked for by itself, no jar is added twice
    assertThat(magics.maven(List.of("test.nbf:lib:1.0"))).isEmpty();
    assertThat(classpath).hasSize(3);
    assertThat(resolver.downloads()).isEqualTo(downloads);
    assertThat(magics.coordinates()).containsExactly("test.nbf:app:1.0", "test.nbf:lib:1.0");
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Already added: test.nbf:app:1.0");
  }

  @Test
  void theLocalRepositoryIsTheCacheOfANewKernel() throws Exception {
    new MavenMagics(resolver, classpath::addAll).maven(List.of("test.nbf:app:1.0"));
    try (Stream<Path> files = Files.walk(remote)) {
      for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p); // the remote repository is gone
      }
    }
    try (MavenResolver fresh = resolver(false)) {
      List<Path> jars = new ArrayList<>();
      new MavenMagics(fresh, jars::addAll).maven(List.of("test.nbf:app:1.0"));
      assertThat(names(jars)).containsExactly("app-1.0.jar", "lib-1.0.jar", "rt-1.0.jar");
      assertThat(fresh.downloads()).isZero();
    }
  }

  @Test
  void acceptsExtensionAndClassifierForms() {
    MavenMagics magics = new MavenMagics(resolver, classpath::addAll);
    assertThat(names(magics.maven(List.of("test.nbf:rt:jar:1.0")))).containsExactly("rt-1.0.jar");
    assertThat(magics.coordinates()).containsExactly("test.nbf:rt:1.0");
  }

  @Test
  void anUnknownArtifactIsAClearErrorNamingItAndWhereItWasLookedFor() {
    MavenMagics magics = new MavenMagics(resolver, classpath::addAll);
    assertThatThrownBy(() -> magics.maven(List.of("test.nbf:nothing-here:9.9")))
        .isInstanceOf(MavenResolutionException.class)
        .hasMessageStartingWith("%maven: test.nbf:nothing-here:9.9 was not found")
        .hasMessageContaining("local repository " + local)
        .hasMessageContaining(repo.url());
    assertThat(classpath).isEmpty();
    assertThat(magics.coordinates()).isEmpty();
  }

  @Test
  void aMissingTransitiveDependencyIsNamedWithWhatNeedsIt() throws Exception {
    repo.publish("broken", "1.0", FileRepository.dependency("absent", "1.0", null));
    MavenMagics magics = new MavenMagics(resolver, classpath::addAll);
    assertThatThrownBy(() -> magics.maven(List.of("test.nbf:broken:1.0")))
        .hasMessageContaining("cannot resolve test.nbf:broken:1.0")
        .hasMessageContaining("test.nbf:absent:1.0 was not found");
  }

  @Test
  void offlineNeverLooksRemotely() {
    try (MavenResolver offline = resolver(true)) {
      MavenMagics magics = new MavenMagics(offline, classpath::addAll);
      assertThatThrownBy(() -> magics.maven(List.of("test.nbf:app:1.0")))
          .hasMessageContaining("offline");
    }
  }

  @Test
  void badCoordinatesAreAClearError() {
    MavenMagics magics = new MavenMagics(resolver, classpath::addAll);
    assertThatThrownBy(() -> magics.maven(List.of("just-a-name")))
        .hasMessageContaining("'just-a-name' is not groupId:artifactId:version");
    assertThatThrownBy(() -> magics.maven(List.of())).hasMessageContaining("needs coordinates");
  }

  @Test
  void loadFromPomResolvesTheFragmentsDependenciesWithManagedVersions() {
    MavenMagics magics = new MavenMagics(resolver, classpath::addAll);
    List<Path> added =
        magics.loadFromPom(
            """
            <properties><app.version>1.0</app.version></properties>
            <dependencyManagement><dependencies>
              <dependency><groupId>test.nbf</groupId><artifactId>lib</artifactId>
                <version>2.0</version></dependency>
            </dependencies></dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>test.nbf</groupId><artifactId>app</artifactId>
                <version>${app.version}</version>
              </dependency>
            </dependencies>
            """);
    // lib 2.0 (managed) has no dependencies: rt is gone with lib 1.0
    assertThat(names(added)).containsExactly("app-1.0.jar", "lib-2.0.jar");
    assertThat(magics.coordinates()).containsExactly("test.nbf:app:1.0");
  }
}
