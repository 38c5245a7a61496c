package dev.nbfactory.kernel.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenSettingsTest {
  @TempDir Path home;

  @Test
  void withoutSettingsTheStandardLocalRepository() {
    MavenSettings s = MavenSettings.load(null, home);
    assertThat(s.localRepository()).isEqualTo(home.resolve(".m2/repository"));
    assertThat(s.offline()).isFalse();
    assertThat(s.mirrors()).isEmpty();
    assertThat(s.settingsFile()).isNull();
  }

  @Test
  void readsLocalRepositoryOfflineAndMirrorsFromSettingsXml() throws Exception {
    Files.createDirectories(home.resolve(".m2"));
    Files.writeString(
        home.resolve(".m2/settings.xml"),
        """
        <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
          <localRepository>${user.home}/cache/m2</localRepository>
          <offline>true</offline>
          <mirrors>
            <mirror><id>corp</id><mirrorOf>central</mirrorOf>
              <url>https://nexus.example.org/maven2/</url></mirror>
          </mirrors>
        </settings>
        """);
    MavenSettings s = MavenSettings.load(null, home);
    assertThat(s.localRepository()).isEqualTo(home.resolve("cache/m2"));
    assertThat(s.offline()).isTrue();
    assertThat(s.mirrors())
        .isEqualTo(
            List.of(
                new MavenSettings.Mirror("corp", "https://nexus.example.org/maven2/", "central")));
  }

  @Test
  void factoryMavenRepoWins() throws Exception {
    Files.createDirectories(home.resolve(".m2"));
    Files.writeString(
        home.resolve(".m2/settings.xml"),
        "<settings><localRepository>/elsewhere</localRepository></settings>");
    assertThat(MavenSettings.load(home.resolve("mine"), home).localRepository())
        .isEqualTo(home.resolve("mine"));
  }
}
