package dev.nbfactory.kernel;

import com.google.gson.JsonObject;
import dev.nbfactory.kernel.wire.KernelConnection;
import dev.nbfactory.kernel.wire.KernelConnection.Channel;
import dev.nbfactory.kernel.wire.LoopbackPorts;
import dev.nbfactory.kernel.wire.MessageSigner;
import dev.nbfactory.kernel.wire.WireCodec;
import dev.nbfactory.kernel.wire.WireMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.zeromq.ZMQException;

/**
 * A kernel that serves a few requests of its own, with no client, then exits: run under {@code
 * -XX:ArchiveClassesAtExit} by {@link KernelSpecInstaller} it records the classes a kernel loads to
 * start and run its first cells, so that real kernels start from a class-data archive.
 */
final class WarmUp {
  static final String FLAG = "--warm-up";

  private WarmUp() {}

  static void run() throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        runOnce();
        return;
      } catch (ZMQException e) {
        // Another process took one of the free ports before the kernel bound it: pick again.
        if (!LoopbackPorts.takenMeanwhile(e) || attempt == LoopbackPorts.ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static void runOnce() throws InterruptedException {
    String key = UUID.randomUUID().toString();
    int[] ports;
    try {
      ports = LoopbackPorts.pick(5);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KernelConnectionProperties props =
        new KernelConnectionProperties(
            InetAddress.getLoopbackAddress().getHostAddress(),
            ports[0],
            ports[1],
            ports[2],
            ports[3],
            ports[4],
            "tcp",
            "hmac-sha256",
            key);
    MessageSigner signer = MessageSigner.of("hmac-sha256", key, false);
    KernelConnection connection = new KernelConnection(props, signer);
    // A history file of its own, so that the archive holds the SQLite classes a kernel loads
    Path historyDir;
    try {
      historyDir = Files.createTempDirectory("factory-warm-up");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KernelSettings settings =
        KernelSettings.defaults().withHistoryFile(historyDir.resolve("history.sqlite"));
    FactoryKernel kernel = FactoryKernel.create(connection, settings);
    WireCodec client = new WireCodec(signer, UUID.randomUUID().toString());
    List<WireMessage> requests = new ArrayList<>();
    requests.add(request(client, "kernel_info_request", new JsonObject()));
    for (String code :
        List.of(
            "int x = 1;",
            "1 + 1",
            "System.out.println(\"warm\");",
            "String s = \"text\";\ns.length()",
            "void f() {}",
            "class C {}",
            "int y = \"not an int\";",
            "throw new IllegalStateException(\"warm\");")) {
      JsonObject content = new JsonObject();
      content.addProperty("code", code);
      content.addProperty("silent", false);
      content.addProperty("store_history", true);
      content.add("user_expressions", new JsonObject());
      content.addProperty("allow_stdin", false);
      content.addProperty("stop_on_error", false);
      requests.add(request(client, "execute_request", content));
    }
    JsonObject complete = new JsonObject();
    complete.addProperty("code", "Math.ab");
    complete.addProperty("cursor_pos", 7);
    requests.add(request(client, "complete_request", complete));
    requests.add(request(client, "inspect_request", complete));
    requests.add(request(client, "is_complete_request", complete));
    JsonObject tail = new JsonObject();
    tail.addProperty("hist_access_type", "tail");
    tail.addProperty("n", 5);
    tail.addProperty("output", true);
    tail.addProperty("raw", true);
    requests.add(request(client, "history_request", tail));
    try {
      connection.start(kernel::handle);
      kernel.start();
      for (WireMessage m : requests) {
        kernel.handle(Channel.SHELL, m);
      }
    } finally {
      closeWithin(kernel, connection, CLOSE_WAIT);
      deleteQuietly(historyDir);
    }
  }

  /** Long enough for a clean close; the archive is written at exit either way. */
  private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(15);

  /**
   * Closes the kernel and its sockets, waiting at most {@code wait}: a ZeroMQ context whose
   * receiving thread is caught mid-poll can wait for it forever (seen once in CI: a warm-up that
   * never ended, its main thread spinning in the context's termination). The caller exits the JVM
   * next, which ends the sockets and writes the class-data archive.
   */
  private static void closeWithin(
      FactoryKernel kernel, KernelConnection connection, java.time.Duration wait) {
    Thread closer =
        new Thread(
            () -> {
              kernel.close();
              connection.close();
            },
            "factory-warm-up-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      System.err.println(
          "factory warm-up: closing the kernel took over " + wait.toSeconds() + " s; exiting");
    }
  }

  /** A request as a client would send it, through the codec both ways. */
  private static WireMessage request(WireCodec codec, String type, JsonObject content) {
    List<byte[]> frames =
        codec.encode(
            List.of("warm-up".getBytes(StandardCharsets.UTF_8)),
            codec.header(type),
            new JsonObject(),
            new JsonObject(),
            content,
            List.of());
    try {
      return codec.decode(frames);
    } catch (dev.nbfactory.kernel.wire.BadMessageException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary folder: the system cleans it up
    }
  }
}
