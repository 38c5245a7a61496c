package dev.nbfactory.registry.testing;

import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A reproducible stream of pseudo-random bytes: the same seed and length always give the same
 * bytes, so a test can know an object's hash without keeping its content.
 */
public final class GeneratedBytes extends InputStream {
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final SplittableRandom random;
  private long remaining;
  private long word;
  private int wordBytesLeft;

  public GeneratedBytes(long seed, long length) {
    this.random = new SplittableRandom(seed);
    this.remaining = length;
  }

  /** The SHA-256, in lower-case hex, of the bytes a stream with this seed and length gives. */
  public static String sha256(long seed, long length) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (GeneratedBytes in = new GeneratedBytes(seed, length)) {
      byte[] buffer = new byte[1 << 20];
      int n;
      while ((n = in.read(buffer, 0, buffer.length)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (remaining == 0) {
      return -1;
    }
    int n = (int) Math.min(len, remaining);
    int i = off;
    int end = off + n;
    while (i < end && wordBytesLeft > 0) {
      b[i++] = (byte) word;
      word >>>= 8;
      wordBytesLeft--;
    }
    // Whole words at a time: the same bytes as one at a time, little-endian, and much faster.
    while (end - i >= 8) {
      LITTLE_ENDIAN_LONG.set(b, i, random.nextLong());
      i += 8;
    }
    while (i < end) {
      if (wordBytesLeft == 0) {
        word = random.nextLong();
        wordBytesLeft = 8;
      }
      b[i++] = (byte) word;
      word >>>= 8;
      wordBytesLeft--;
    }
    remaining -= n;
    return n;
  }

  @Override
  public void close() {}
}
