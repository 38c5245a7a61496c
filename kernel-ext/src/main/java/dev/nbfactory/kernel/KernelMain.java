package dev.nbfactory.kernel;

import dev.nbfactory.kernel.wire.KernelConnection;
import dev.nbfactory.kernel.wire.MessageSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts the kernel from a Jupyter connection file: {@code java -cp ...
 * dev.nbfactory.kernel.KernelMain [--insecure] <connection-file>}. {@code --insecure} accepts a
 * connection file with an empty key (no message signatures); without it such a file is refused.
 */
public final class KernelMain {
  private KernelMain() {}

  public static void main(String[] args) throws Exception {
    setIfAbsent("java.awt.headless", "true"); // charts are drawn off-screen, with or without X
    boolean insecure = false;
    List<String> files = new ArrayList<>();
    for (String a : args) {
      if (a.equals(WarmUp.FLAG)) {
        configureLogging();
        WarmUp.run();
        System.exit(0);
      } else if (a.equals("--insecure")) {
        insecure = true;
      } else if (a.equals("--help") || a.equals("-h")) {
        System.out.println("usage: KernelMain [--insecure] <connection-file>");
        return;
      } else {
        files.add(a);
      }
    }
    if (files.size() != 1) {
      System.err.println("usage: KernelMain [--insecure] <connection-file>");
      System.exit(2);
    }
    configureLogging();
    KernelConnectionProperties props;
    MessageSigner signer;
    KernelSettings settings;
    try {
      props =
          KernelConnectionProperties.parse(
              Files.readString(Path.of(files.get(0)), StandardCharsets.UTF_8));
      signer = MessageSigner.of(props.getSignatureScheme(), props.getKey(), insecure);
      // Started by Jupyter: an interactive session (the settings' default mode).
      settings =
          KernelSettings.fromEnvironment(System.getenv()).withConnectionFile(Path.of(files.get(0)));
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("factory-java kernel: " + e.getMessage());
      System.exit(2);
      return;
    }
    run(props, signer, settings);
    System.exit(0);
  }

  /** Runs a kernel until a client asks it to shut down. */
  static void run(KernelConnectionProperties props, MessageSigner signer, KernelSettings settings)
      throws InterruptedException {
    KernelConnection connection = new KernelConnection(props, signer);
    FactoryKernel kernel = FactoryKernel.create(connection, settings);
    Thread lastWords = new Thread(() -> lastWords(kernel, connection), "kernel-exit");
    Runtime.getRuntime().addShutdownHook(lastWords);
    connection.start(kernel::handle);
    kernel.start();
    exitWithParent(connection);
    connection.awaitShutdown();
    Runtime.getRuntime().removeShutdownHook(lastWords);
    kernel.close();
    connection.close();
  }

  /**
   * When the JVM exits without a shutdown request (code a cell called that ended it, a signal), the
   * running cell is told, so that a kernel never dies silently.
   */
  private static void lastWords(FactoryKernel kernel, KernelConnection connection) {
    CellContext cell = kernel.runningCell();
    if (cell == null) {
      return;
    }
    com.google.gson.JsonObject error = new com.google.gson.JsonObject();
    String text =
        "The kernel's JVM is exiting: code outside the cell called System.exit, or the process"
            + " was stopped. Restart the kernel to go on.";
    error.addProperty("name", "stderr");
    error.addProperty("text", text + "\n");
    kernel.router().publish(cell, "stream", error);
    try {
      connection.iopub().drain(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Shuts down when the process that started the kernel ({@code JPY_PARENT_PID}, set by
   * jupyter_client) is gone, so that a client that dies does not leave the kernel behind.
   */
  private static void exitWithParent(KernelConnection connection) {
    String parent = System.getenv("JPY_PARENT_PID");
    if (parent == null || parent.isBlank()) {
      return;
    }
    try {
      ProcessHandle.of(Long.parseLong(parent.trim()))
          .ifPresentOrElse(p -> p.onExit().thenRun(connection::shutdown), connection::shutdown);
    } catch (NumberFormatException e) {
      // not a pid: nothing to watch
    }
  }

  static void configureLogging() {
    String level = System.getenv().getOrDefault("FACTORY_LOG_LEVEL", "warn");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.cacheOutputStream", "true");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
