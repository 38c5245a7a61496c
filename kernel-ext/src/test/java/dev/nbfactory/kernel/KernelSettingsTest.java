package dev.nbfactory.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
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
    assertThat(s).isEqualTo(KernelSettings.defaults());
  }

  @Test
  void aMalformedTimeoutIsAnError() {
    assertThatThrownBy(() -> KernelSettings.fromEnvironment(Map.of("FACTORY_TIMEOUT", "soon")))
        .hasMessageContaining("FACTORY_TIMEOUT");
  }
}
