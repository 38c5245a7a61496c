package dev.nbfactory.runner.schedule;

import dev.nbfactory.registry.FactoryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The one scheduler of an embedded (SQLite) registry: an OS file lock on {@code
 * .factory/scheduler.lock}, released when the process ends however it ends. The file says who holds
 * it, for the message a second scheduler gets.
 */
public final class SchedulerLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private SchedulerLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  public static SchedulerLock acquire(Path folder) throws IOException {
    Path file = folder.resolve("scheduler.lock");
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock = channel.tryLock();
    if (lock == null) {
      String holder = holder(file);
      channel.close();
      throw new FactoryException(
          "another factory scheduler ("
              + (holder.isEmpty() ? "unknown process" : holder)
              + ") is running on the registry "
              + folder
              + ": stop it first. A SQLite registry has one scheduler; to run several, share a"
              + " PostgreSQL registry (FACTORY_REGISTRY=jdbc:postgresql://...)");
    }
    String who =
        "pid "
            + ProcessHandle.current().pid()
            + " on "
            + dev.nbfactory.registry.RunEnvironment.current().host()
            + " since "
            + Instant.now();
    // Written over the old text, then cut to length: a reader never sees the file empty.
    byte[] text = who.getBytes(StandardCharsets.UTF_8);
    channel.write(ByteBuffer.wrap(text), 0);
    channel.truncate(text.length);
    channel.force(true);
    return new SchedulerLock(channel, lock);
  }

  /**
   * Who holds the lock, as its holder wrote it. A scheduler that has just taken the lock of a new
   * file writes it a moment later, so an empty file is read again for up to a second.
   */
  static String holder(Path file) throws IOException {
    long deadline = System.nanoTime() + 1_000_000_000L;
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    while (text.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    return text;
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
