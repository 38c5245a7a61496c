package dev.nbfactory.registry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sqlite.util.OSInfo;

/**
 * A {@link RegistryChild} running in its own JVM. Its stdout is read line by line on a thread, only
 * whole lines count; its stderr goes to a file. {@link #close} kills it, so a child never outlives
 * the test that started it: use it in try-with-resources. Its stdin stays open to this JVM, so a
 * child also exits if the test's JVM itself dies.
 */
public final class ChildProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path stderr;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;
  private String partialLine = "";

  private ChildProcess(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::readLines, name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code RegistryChild mode args...} with this JVM's classpath. {@code workDir} holds its
   * stderr file and the SQLite driver's native library, so nothing is left in the shared temp
   * folder when the child is killed.
   */
  public static ChildProcess start(Path workDir, String name, String mode, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Fast start-up matters more than peak speed: children live for a second or less.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx256m");
    // No hsperfdata file in the temp folder, which a killed JVM would leave behind.
    command.add("-XX:-UsePerfData");
    command.addAll(sqliteNativeLibrary(workDir));
    // Surefire and Failsafe set java.class.path to the whole test classpath even when they start
    // their JVM through a manifest-only jar, so the child sees the same classes as the test.
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RegistryChild.MAIN);
    command.add(mode);
    command.addAll(List.of(args));
    try {
      Path stderr = workDir.resolve(name + ".stderr");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
      builder.environment().put("OPENLINEAGE_DISABLED", "true");
      builder.environment().remove("FACTORY_REGISTRY");
      return new ChildProcess(name, builder.start(), stderr);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start child " + name, e);
    }
  }

  /**
   * Points the SQLite driver at one copy of its native library in {@code workDir}: by default each
   * process extracts its own copy to the temp folder, which costs start-up time and is left behind
   * when the process is killed.
   */
  private static synchronized List<String> sqliteNativeLibrary(Path workDir) {
    Path folder = workDir.resolve("sqlite-native");
    String name = System.mapLibraryName("sqlitejdbc");
    Path library = folder.resolve(name);
    String resource =
        "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
    try (InputStream in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
      if (in == null) {
        // An unusual platform: let each child extract the library, into the work folder.
        return List.of("-Dorg.sqlite.tmpdir=" + Files.createDirectories(folder));
      }
      if (!Files.exists(library)) {
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, name, ".tmp");
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, library, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract " + resource, e);
    }
    return List.of("-Dorg.sqlite.lib.path=" + folder, "-Dorg.sqlite.lib.name=" + name);
  }

  private void readLines() {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            synchronized (this) {
              lines.add(text);
              notifyAll();
            }
          } else {
            line.write(buffer[i]);
          }
        }
      }
    } catch (IOException e) {
      // The pipe breaks when the child is killed; what was read so far stands.
    } finally {
      synchronized (this) {
        partialLine = line.toString(StandardCharsets.UTF_8);
        notifyAll();
      }
    }
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Waits for a whole line that starts with {@code prefix} and returns it. */
  public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        for (String line : lines) {
          if (line.startsWith(prefix)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !reader.isAlive() && !process.isAlive()) {
          throw new AssertionError(
              name
                  + ": no line starting with '"
                  + prefix
                  + "' within "
                  + timeout
                  + "; stdout "
                  + lines
                  + ", stderr:\n"
                  + stderr());
        }
        wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** Sends SIGKILL (kill -9 on Unix) and waits until the process and its stdout are gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  /** Waits for the child to exit and its stdout to be read to the end; returns the exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + "; stderr:\n" + stderr());
    }
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  /** Every whole line the child printed so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Bytes after the last newline, once stdout has ended: a line the child did not finish. */
  public synchronized String partialLine() {
    return partialLine;
  }

  public String stderr() {
    try {
      return Files.exists(stderr) ? Files.readString(stderr) : "";
    } catch (IOException e) {
      return "(could not read " + stderr + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + "]";
  }
}
