package dev.nbfactory.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * Buffers writes in 1 MiB chunks, hashing and writing each chunk to the channel as it fills. Close
 * is a flush only: the channel belongs to {@link #write}.
 */
final class HashingOutputStream extends OutputStream {
  private final FileChannel channel;
  final MessageDigest digest = ContentHash.digest();
  private final byte[] buffer = new byte[FolderArtifactStore.BUFFER];
  private int count;
  long size;

  HashingOutputStream(FileChannel channel) {
    this.channel = channel;
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buffer.length) {
      flushBuffer();
    }
    buffer[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    while (len > 0) {
      if (count == buffer.length) {
        flushBuffer();
      }
      int n = Math.min(len, buffer.length - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() {
    // Bytes reach the channel in whole chunks; write() forces the file once at the end.
  }

  @Override
  public void close() {
    // The channel is closed by write(), after the last chunk and the fsync.
  }

  void flushBuffer() throws IOException {
    if (count == 0) {
      return;
    }
    digest.update(buffer, 0, count);
    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, count);
    while (chunk.hasRemaining()) {
      channel.write(chunk);
    }
    size += count;
    count = 0;
  }
}
