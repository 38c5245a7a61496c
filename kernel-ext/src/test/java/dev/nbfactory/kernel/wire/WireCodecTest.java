package dev.nbfactory.kernel.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireCodecTest {
  private final MessageSigner signer = MessageSigner.of("hmac-sha256", "key", false);
  private final WireCodec codec = new WireCodec(signer, "session");

  private List<byte[]> message(String type, JsonObject content) {
    return codec.encode(
        List.of("id".getBytes(StandardCharsets.UTF_8)),
        codec.header(type),
        new JsonObject(),
        new JsonObject(),
        content,
        List.of());
  }

  @Test
  void roundTrip() throws Exception {
    JsonObject content = new JsonObject();
    content.addProperty("code", "1 + 1");
    WireMessage m = codec.decode(message("execute_request", content));
    assertThat(m.type()).isEqualTo("execute_request");
    assertThat(new String(m.identities().get(0), StandardCharsets.UTF_8)).isEqualTo("id");
    assertThat(m.string("code", null)).isEqualTo("1 + 1");
    assertThat(m.bool("silent", true)).isTrue();
    assertThat(m.header().get("session").getAsString()).isEqualTo("session");
    assertThat(m.header().get("version").getAsString()).isEqualTo(WireCodec.PROTOCOL_VERSION);
  }

  @Test
  void forgedSignatureIsRejected() {
    List<byte[]> frames =
        new WireCodec(MessageSigner.of("hmac-sha256", "wrong", false), "s")
            .encode(
                List.of(),
                codec.header("kernel_info_request"),
                null,
                null,
                new JsonObject(),
                List.of());
    assertThatThrownBy(() -> codec.decode(frames))
        .isInstanceOf(BadMessageException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void tamperedContentIsRejected() {
    List<byte[]> frames = new ArrayList<>(message("execute_request", new JsonObject()));
    frames.set(frames.size() - 1, "{\"code\":\"System.exit(0)\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> codec.decode(frames)).isInstanceOf(BadMessageException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[]", "{\"msg_id\": 1}", "{\"msg_id\":\"a\"}", "{\"x\": "})
  void malformedHeaderWithGoodSignatureIsRejected(String header) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    byte[] e = "{}".getBytes(StandardCharsets.UTF_8);
    List<byte[]> frames = List.of(WireCodec.DELIMITER, signer.sign(h, e, e, e), h, e, e, e);
    assertThatThrownBy(() -> codec.decode(frames)).isInstanceOf(BadMessageException.class);
  }

  @Test
  void missingDelimiterOrFramesAreRejected() {
    assertThatThrownBy(() -> codec.decode(List.of("a".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(BadMessageException.class);
    assertThatThrownBy(() -> codec.decode(List.of(WireCodec.DELIMITER, new byte[0])))
        .isInstanceOf(BadMessageException.class);
  }
}
