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
      String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
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
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
    return new SchedulerLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
