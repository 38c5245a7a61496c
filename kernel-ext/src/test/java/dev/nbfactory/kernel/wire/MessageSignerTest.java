package dev.nbfactory.kernel.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MessageSignerTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void signsLikeJupyterClientHexHmacSha256() throws Exception {
    MessageSigner signer = MessageSigner.of("hmac-sha256", "secret", false);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(b("secret"), "HmacSHA256"));
    for (String part : new String[] {"{\"h\":1}", "{}", "{}", "{\"c\":2}"}) {
      mac.update(b(part));
    }
    StringBuilder hex = new StringBuilder();
    for (byte x : mac.doFinal()) {
      hex.append(String.format("%02x", x));
    }
    assertThat(
            new String(
                signer.sign(b("{\"h\":1}"), b("{}"), b("{}"), b("{\"c\":2}")),
                StandardCharsets.US_ASCII))
        .isEqualTo(hex.toString());
  }

  @Test
  void verifiesOnlyTheRightSignature() {
    MessageSigner signer = MessageSigner.of("hmac-sha256", "secret", false);
    byte[] sig = signer.sign(b("h"), b("p"), b("m"), b("c"));
    assertThat(signer.verify(sig, b("h"), b("p"), b("m"), b("c"))).isTrue();
    assertThat(signer.verify(sig, b("h"), b("p"), b("m"), b("C"))).isFalse();
    assertThat(signer.verify(new byte[0], b("h"), b("p"), b("m"), b("c"))).isFalse();
    byte[] other =
        MessageSigner.of("hmac-sha256", "other", false).sign(b("h"), b("p"), b("m"), b("c"));
    assertThat(signer.verify(other, b("h"), b("p"), b("m"), b("c"))).isFalse();
  }

  @Test
  void emptyKeyIsRefusedUnlessInsecure() {
    assertThatThrownBy(() -> MessageSigner.of("hmac-sha256", "", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--insecure");
    MessageSigner insecure = MessageSigner.of("hmac-sha256", "", true);
    assertThat(insecure.isSecure()).isFalse();
    assertThat(insecure.sign(b("h"), b("p"), b("m"), b("c"))).isEmpty();
  }

  @Test
  void unknownSchemeIsRefused() {
    assertThatThrownBy(() -> MessageSigner.of("rot13", "k", false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MessageSigner.of("hmac-nothing", "k", false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
