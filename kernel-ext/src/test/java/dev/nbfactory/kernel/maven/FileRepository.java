package dev.nbfactory.kernel.maven;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A Maven repository in a folder, with hand-written POMs and tiny jars, for resolver tests. */
final class FileRepository {
  static final String GROUP = "test.nbf";

  final Path root;

  FileRepository(Path root) {
    this.root = root;
  }

  String url() {
    return root.toUri().toString();
  }

  /**
   * Publishes {@code test.nbf:artifactId:version}: a POM with {@code dependencies} (XML of {@code
   * <dependency>} elements) and a jar holding one resource named after the artifact.
   */
  FileRepository publish(String artifactId, String version, String dependencies)
      throws IOException {
    Path dir = root.resolve(GROUP.replace('.', '/')).resolve(artifactId).resolve(version);
    Files.createDirectories(dir);
    String pom =
        "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
            + "<groupId>"
            + GROUP
            + "</groupId><artifactId>"
            + artifactId
            + "</artifactId><version>"
            + version
            + "</version><dependencies>"
            + dependencies
            + "</dependencies></project>";
    Files.writeString(dir.resolve(artifactId + "-" + version + ".pom"), pom);
    try (OutputStream out =
            Files.newOutputStream(dir.resolve(artifactId + "-" + version + ".jar"));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(artifactId + ".txt"));
      zip.write(artifactId.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return this;
  }

  private static void checksum(Path file) throws IOException {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(Files.readAllBytes(file));
      Files.writeString(
          file.resolveSibling(file.getFileName() + ".sha1"), HexFormat.of().formatHex(sha1));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String dependency(String artifactId, String version, String scope) {
    return "<dependency><groupId>"
        + GROUP
        + "</groupId><artifactId>"
        + artifactId
        + "</artifactId><version>"
        + version
        + "</version>"
        + (scope == null ? "" : "<scope>" + scope + "</scope>")
        + "</dependency>";
  }

  /**
   * app 1.0 -> lib 1.0 (compile) -> rt 1.0 (runtime); app -> checker 1.0 (test); lib -> tool 1.0
   * (provided).
   */
  static FileRepository standard(Path root) throws IOException {
    return new FileRepository(root)
        .publish(
            "app", "1.0", dependency("lib", "1.0", null) + dependency("checker", "1.0", "test"))
        .publish(
            "lib",
            "1.0",
            dependency("rt", "1.0", "runtime") + dependency("tool", "1.0", "provided"))
        .publish("rt", "1.0", "")
        .publish("checker", "1.0", "")
        .publish("tool", "1.0", "")
        .publish("lib", "2.0", "");
  }
}
