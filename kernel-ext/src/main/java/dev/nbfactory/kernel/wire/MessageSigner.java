package dev.nbfactory.kernel.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks Jupyter messages with the HMAC of the connection file. Checks compare in
 * constant time. An empty key turns signing off, which a kernel only accepts when told to run
 * insecurely.
 */
public final class MessageSigner {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  private MessageSigner(SecretKeySpec key) {
    this.key = key;
    this.macs = key == null ? null : ThreadLocal.withInitial(this::newMac);
  }

  /**
   * A signer for the connection file's {@code signature_scheme} and {@code key}.
   *
   * @param allowInsecure accept an empty key (no signatures at all); refused otherwise
   * @throws IllegalArgumentException for an empty key without {@code allowInsecure}, or an unknown
   *     scheme
   */
  public static MessageSigner of(String scheme, String key, boolean allowInsecure) {
    if (key == null || key.isEmpty()) {
      if (!allowInsecure) {
        throw new IllegalArgumentException(
            "the connection file has an empty key: messages could not be authenticated; "
                + "give the kernel a key, or pass --insecure to run without one");
      }
      return new MessageSigner(null);
    }
    String s = scheme == null || scheme.isEmpty() ? "hmac-sha256" : scheme;
    if (!s.toLowerCase(Locale.ROOT).startsWith("hmac-")) {
      throw new IllegalArgumentException("unsupported signature_scheme " + scheme);
    }
    String algorithm = "Hmac" + s.substring(5).toUpperCase(Locale.ROOT).replace("-", "");
    MessageSigner signer =
        new MessageSigner(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
    signer.newMac(); // fail now for an unknown algorithm, not on the first message
    return signer;
  }

  /** True when messages are signed and checked. */
  public boolean isSecure() {
    return key != null;
  }

  /** The hex signature of the four signed frames, as ASCII bytes; empty when insecure. */
  public byte[] sign(byte[] header, byte[] parentHeader, byte[] metadata, byte[] content) {
    if (key == null) {
      return new byte[0];
    }
    Mac mac = macs.get();
    mac.update(header);
    mac.update(parentHeader);
    mac.update(metadata);
    mac.update(content);
    byte[] raw = mac.doFinal();
    byte[] hex = new byte[raw.length * 2];
    for (int i = 0; i < raw.length; i++) {
      hex[2 * i] = HEX[(raw[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[raw[i] & 0xf];
    }
    return hex;
  }

  /** Whether {@code signature} signs the frames; compared in constant time. */
  public boolean verify(
      byte[] signature, byte[] header, byte[] parentHeader, byte[] metadata, byte[] content) {
    if (key == null) {
      return true;
    }
    byte[] expected = sign(header, parentHeader, metadata, content);
    return MessageDigest.isEqual(expected, signature);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(key.getAlgorithm());
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot sign with " + key.getAlgorithm(), e);
    }
  }
}
