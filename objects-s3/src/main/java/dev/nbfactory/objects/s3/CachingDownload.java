package dev.nbfactory.objects.s3;

import dev.nbfactory.registry.IntegrityException;
import dev.nbfactory.registry.VerifyingInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A download read straight through to its reader, re-hashed as it goes and copied to a temp file of
 * the cache: at its end the hash is checked ({@link IntegrityException} naming the object if wrong)
 * and, only then, the copy enters the cache. A reader that stops early caches nothing.
 */
final class CachingDownload extends FilterInputStream {
  private final ObjectCache cache;
  private final String hash;
  private final Path temp;
  private OutputStream copy;
  private boolean done;

  CachingDownload(InputStream download, String hash, ObjectCache cache) throws IOException {
    super(new VerifyingInputStream(download, hash));
    this.cache = cache;
    this.hash = hash;
    this.temp = cache.newTemp();
    this.copy = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = super.read(b, off, len);
    } catch (IntegrityException e) {
      discard();
      throw e;
    }
    if (n > 0 && copy != null) {
      copy.write(b, off, n);
    } else if (n < 0 && !done) {
      done = true;
      copy.close();
      copy = null;
      cache.adopt(hash, temp);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes would be missing from the copy: read them instead.
    byte[] buffer = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public void close() throws IOException {
    try {
      super.close();
    } finally {
      if (!done) {
        discard();
      }
    }
  }

  private void discard() throws IOException {
    done = true;
    if (copy != null) {
      copy.close();
      copy = null;
    }
    Files.deleteIfExists(temp);
  }
}
