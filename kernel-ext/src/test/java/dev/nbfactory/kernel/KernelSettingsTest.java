package dev.nbfactory.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelSettingsTest {
  @Test
  void readsTheFactoryVariables() {
    KernelSettings s =
        KernelSettings.fromEnvironment(
            Map.of(
                "FACTORY_CLASSPATH", "/a.jar" + File.pathSeparator + " /b ",
                "FACTORY_TIMEOUT", "2.5",
                "FACTORY_COMPILER_OPTS", " --enable-preview  -Xlint ",
                "FACTORY_STARTUP_SCRIPT", "int x = 1;"));
    assertThat(s.classpath()).containsExactly("/a.jar", "/b");
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(s.compilerOptions()).containsExactly("--enable-preview", "-Xlint");
    assertThat(s.startupScript()).isEqualTo("int x = 1;");
    assertThat(s.startupScripts()).isEmpty();
  }

  @Test
  void defaultsWhenUnset() {
    KernelSettings s = KernelSettings.fromEnvironment(Map.of("FACTORY_TIMEOUT", "-1"));
    KernelSettings d = KernelSettings.defaults();
    assertThat(s.timeout()).isEqualTo(d.timeout());
    assertThat(s.classpath()).isEqualTo(d.classpath());
    assertThat(s.compilerOptions()).isEqualTo(d.compilerOptions());
    assertThat(s.startupScript()).isEqualTo(d.startupScript());
    assertThat(s.mavenRepository()).isEmpty();
    assertThat(s.historyFile())
        .contains(
            Path.of(System.getProperty("user.home"), ".local/share/factory-java/history.sqlite"));
  }

  @Test
  void historyFileAndMavenRepository() {
    assertThat(KernelSettings.fromEnvironment(Map.of("FACTORY_HISTORY", "off")).historyFile())
        .isEmpty();
    assertThat(
            KernelSettings.fromEnvironment(Map.of("FACTORY_HISTORY", "/tmp/h.sqlite"))
                .historyFile())
        .contains(Path.of("/tmp/h.sqlite"));
    assertThat(KernelSettings.fromEnvironment(Map.of("XDG_DATA_HOME", "/data")).historyFile())
        .contains(Path.of("/data/factory-java/history.sqlite"));
    assertThat(
            KernelSettings.fromEnvironment(Map.of("FACTORY_MAVEN_REPO", "/repo")).mavenRepository())
        .contains(Path.of("/repo"));
    assertThat(KernelSettings.defaults().historyFile()).isEmpty();
  }

  @Test
  void aMalformedTimeoutIsAnError() {
    assertThatThrownBy(() -> KernelSettings.fromEnvironment(Map.of("FACTORY_TIMEOUT", "soon")))
        .hasMessageContaining("FACTORY_TIMEOUT");
  }
}
