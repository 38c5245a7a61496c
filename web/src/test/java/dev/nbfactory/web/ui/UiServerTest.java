package dev.nbfactory.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UiServerTest {
  @Test
  void onlyLoopbackNamesPassTheHostCheck() {
    assertThat(UiServer.loopbackHost("127.0.0.1:8765")).isTrue();
    assertThat(UiServer.loopbackHost("localhost:8765")).isTrue();
    assertThat(UiServer.loopbackHost("LOCALHOST")).isTrue();
    assertThat(UiServer.loopbackHost("[::1]:8765")).isTrue();
    assertThat(UiServer.loopbackHost("attacker.example:8765")).isFalse();
    assertThat(UiServer.loopbackHost("127.0.0.1.attacker.example")).isFalse();
    assertThat(UiServer.loopbackHost("localhost.attacker.example:80")).isFalse();
    assertThat(UiServer.loopbackHost(null)).isFalse();
  }
}
