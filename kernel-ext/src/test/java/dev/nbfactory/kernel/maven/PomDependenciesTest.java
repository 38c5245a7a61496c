package dev.nbfactory.kernel.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.junit.jupiter.api.Test;

class PomDependenciesTest {
  private static List<String> coords(List<Dependency> deps) {
    return deps.stream()
        .map(d -> MavenResolver.coordinates(d.getArtifact()) + "@" + d.getScope())
        .toList();
  }

  @Test
  void aWholePom() {
    PomDependencies p =
        PomDependencies.parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>g</groupId><artifactId>a</artifactId><version>3</version>
              <properties><v>1.2</v></properties>
              <repositories>
                <repository><id>mine</id><url>https://repo.example.org/m2/</url></repository>
              </repositories>
              <dependencies>
                <dependency><groupId>x</groupId><artifactId>y</artifactId><version>${v}</version>
                  <exclusions><exclusion><groupId>z</groupId><artifactId>*</artifactId></exclusion>
                  </exclusions></dependency>
                <dependency><groupId>x</groupId><artifactId>natives</artifactId>
                  <version>${project.version}</version><classifier>linux</classifier>
                  <scope>runtime</scope></dependency>
                <dependency><groupId>junit</groupId><artifactId>junit</artifactId>
                  <version>4</version><scope>test</scope></dependency>
              </dependencies>
            </project>
            """);
    assertThat(coords(p.dependencies()))
        .containsExactly("x:y:1.2@compile", "x:natives:jar:linux:3@runtime");
    assertThat(p.dependencies().get(0).getExclusions()).hasSize(1);
    assertThat(p.repositories())
        .extracting(RemoteRepository::getId, RemoteRepository::getUrl)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("mine", "https://repo.example.org/m2/"));
  }

  @Test
  void bareDependencyElements() {
    PomDependencies p =
        PomDependencies.parse(
            "<dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version>"
                + "</dependency><repository><url>file:///r</url></repository>");
    assertThat(coords(p.dependencies())).containsExactly("a:b:1@compile");
    assertThat(p.repositories()).extracting(RemoteRepository::getId).containsExactly("repo-1");
  }

  @Test
  void errorsSayWhatIsWrong() {
    assertThatThrownBy(() -> PomDependencies.parse("<dependencies><dependency>"))
        .isInstanceOf(MavenResolutionException.class)
        .hasMessageContaining("not well-formed XML");
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    "<dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>"))
        .hasMessageContaining("a:b has no <version>");
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    "<dependency><groupId>a</groupId><artifactId>b</artifactId>"
                        + "<version>${nope}</version></dependency>"))
        .hasMessageContaining("${nope} is not defined");
    assertThatThrownBy(() -> PomDependencies.parse("  ")).hasMessageContaining("empty");
  }

  @Test
  void doctypesAreRefused() {
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><dependency/>"))
        .isInstanceOf(MavenResolutionException.class);
  }
}
