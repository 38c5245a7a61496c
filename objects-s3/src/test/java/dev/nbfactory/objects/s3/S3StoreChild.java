package dev.nbfactory.objects.s3;

import dev.nbfactory.registry.ArtifactStore;
import dev.nbfactory.registry.ArtifactStores;
import dev.nbfactory.registry.RegistryLocation;
import java.nio.file.Path;

/**
 * Another machine, for the ITs: opens the store {@code FACTORY_OBJECTS} names the way the registry
 * does, from its own environment and HOME, then {@code put FILE} (prints {@code stored HASH}) or
 * {@code get HASH TARGET} (prints {@code verified}).
 */
public final class S3StoreChild {
  private S3StoreChild() {}

  public static void main(String[] args) {
    RegistryLocation location =
        RegistryLocation.parse("jdbc:postgresql://unused/x", System.getenv());
    ArtifactStore store = ArtifactStores.open(location, System.getenv());
    switch (args[0]) {
      case "put" -> System.out.println("stored " + store.put(Path.of(args[1])).hash());
      case "get" -> {
        store.copyTo(args[1], Path.of(args[2]));
        System.out.println("verified");
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.out.flush();
  }

  /** Starts this class in its own JVM with the test's class path and {@code env} added. */
  static Process start(java.util.Map<String, String> env, Path log, String... args)
      throws java.io.IOException {
    java.util.List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:-UsePerfData");
    command.add("-Duser.home=" + env.get("HOME"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(S3StoreChild.class.getName());
    command.addAll(java.util.List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("FACTORY_"));
    builder.environment().putAll(env);
    return builder.start();
  }
}
