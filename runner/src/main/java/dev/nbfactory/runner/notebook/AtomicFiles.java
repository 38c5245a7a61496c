package dev.nbfactory.runner.notebook;

import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.Links;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Writes a file so that readers, and the file after a crash, see its old or its new bytes. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Temp file beside the target, fsync, rename over it, fsync the folder. A link is written
   * through, not replaced; the new file gets the permissions the umask gives, as any other file.
   */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path target = Links.target(file);
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException ignored) {
        // some file systems cannot sync a folder; the rename itself is still atomic
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Refuses, before anything runs, a file that cannot be written: a folder, or one in a folder that
   * cannot be made or written in.
   *
   * @throws InvalidInputException naming the file and the reason
   */
  public static void checkWritable(Path file, String what) {
    Path target = Links.target(file);
    if (Files.isDirectory(target)) {
      throw new InvalidInputException(
          what
              + " "
              + file
              + " is a folder: give a file name, such as "
              + file.resolve("out.ipynb"));
    }
    try {
      Path dir = target.getParent();
      Files.createDirectories(dir);
      Path probe = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".probe");
      Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new InvalidInputException(
          "cannot write " + what + " " + file + ": " + reason(e) + "; choose a path you can write");
    }
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    return e instanceof java.nio.file.AccessDeniedException
        ? "permission denied"
        : e.getClass().getSimpleName() + (message == null ? "" : " " + message);
  }
}
