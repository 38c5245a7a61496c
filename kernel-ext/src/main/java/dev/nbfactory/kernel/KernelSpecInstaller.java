package dev.nbfactory.kernel;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes and removes the Jupyter kernel spec of the {@value FactoryKernel#DISPLAY_NAME} kernel: a
 * folder {@code kernels/<name>/} with {@code kernel.json} (a plain {@code java} command line,
 * {@code interrupt_mode: "message"}) and logos. The {@code factory kernel install} command calls
 * this class; tests call it with a temporary folder on {@code JUPYTER_PATH}.
 */
public final class KernelSpecInstaller {
  /** The default kernel spec name. */
  public static final String DEFAULT_NAME = FactoryKernel.NAME;

  /**
   * Set (true) on the JVMs that record a class-data archive, so that work that would upset the
   * recording is skipped: JDK 17 crashes dumping lambdas of signed jars (ELK's, for one).
   */
  /**
   * JVM options a kernel takes when it starts, after the spec's: {@code FACTORY_KERNEL_OPTS=-Xmx8g
   * jupyter lab} (POSIX systems; the spec runs the JVM through {@code /bin/sh}).
   */
  public static final String KERNEL_OPTS_ENV = "FACTORY_KERNEL_OPTS";

  public static final String RECORDING_ARCHIVE_PROPERTY = "factory.recording-archive";

  /**
   * JVM options every spec starts with: G1 gives memory back when the kernel idles (a periodic
   * collection after 5 s without one, and a heap kept within 10-30 % free), and text is UTF-8
   * whatever the locale Jupyter was started in; then the JIT options of every notebook JVM ({@link
   * NotebookJvm}).
   */
  public static final List<String> DEFAULT_JVM_OPTIONS =
      Stream.concat(
              Stream.of(
                  "-XX:+UseG1GC",
                  "-XX:G1PeriodicGCInterval=5000",
                  "-XX:MinHeapFreeRatio=10",
                  "-XX:MaxHeapFreeRatio=30",
                  "-Dfile.encoding=UTF-8"),
              NotebookJvm.options().stream())
          .toList();

  private static final List<String> LOGOS =
      List.of("logo-32x32.png", "logo-64x64.png", "logo-128x128.png");

  /** Where a spec goes, as {@code jupyter kernelspec install} names it. */
  public enum Scope {
    /** The user's Jupyter data folder. */
    USER,
    /** {@code <sys.prefix>/share/jupyter/kernels} of the Python that runs Jupyter. */
    SYS_PREFIX,
    /** {@code <prefix>/share/jupyter/kernels} for a given prefix. */
    PREFIX
  }

  /**
   * What a spec says.
   *
   * @param name the spec's folder name, such as {@code factory-java}
   * @param java the {@code java} executable
   * @param jvmOptions options for that JVM, such as {@code -Xmx2g}
   * @param classpath the jars (and folders) the kernel runs from
   * @param environment variables set for the kernel process
   */
  public record Spec(
      String name,
      Path java,
      List<String> jvmOptions,
      List<Path> classpath,
      Map<String, String> environment) {

    public Spec {
      if (!name.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException(
            "a kernel spec name may hold letters, digits, '.', '_' and '-' only, not '"
                + name
                + "'");
      }
      jvmOptions = List.copyOf(jvmOptions);
      classpath = List.copyOf(classpath);
      environment = Map.copyOf(environment);
    }

    /**
     * A spec that runs the kernel with this JVM and the part of this process's classpath a kernel
     * needs ({@link NotebookClasspath#forKernel}), with {@link #DEFAULT_JVM_OPTIONS}, then {@code
     * jvmOptions}, then the space-separated options in {@code FACTORY_JVM_OPTS} (later options
     * win).
     */
    public static Spec ofThisJvm(String name, List<String> jvmOptions) {
      List<String> options = new ArrayList<>(DEFAULT_JVM_OPTIONS);
      if (Runtime.version().feature() >= 24) {
        // Meant, not warned about: the SQLite driver loads a native library, libraries use Unsafe.
        options.addAll(
            List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
      }
      options.addAll(jvmOptions);
      String env = System.getenv("FACTORY_JVM_OPTS");
      if (env != null && !env.isBlank()) {
        options.addAll(Arrays.asList(env.trim().split("\\s+")));
      }
      List<Path> full = currentClasspath();
      List<Path> lean = NotebookClasspath.forKernel(full);
      options.addAll(NotebookClasspath.onDemandOption(full, lean));
      return new Spec(name, currentJava(), options, lean, Map.of());
    }
  }

  private KernelSpecInstaller() {}

  /**
   * The {@code kernels} folder for {@code scope}; {@code prefix} is used by {@link Scope#PREFIX}.
   */
  public static Path kernelsDirectory(Scope scope, Path prefix) {
    return switch (scope) {
      case USER -> userDataDirectory().resolve("kernels");
      case SYS_PREFIX -> pythonPrefix().resolve("share").resolve("jupyter").resolve("kernels");
      case PREFIX -> {
        if (prefix == null) {
          throw new IllegalArgumentException("--prefix needs a folder");
        }
        yield prefix.resolve("share").resolve("jupyter").resolve("kernels");
      }
    };
  }

  /**
   * Writes the spec into {@code kernelsDirectory/<name>/}, replacing one that is there.
   *
   * @return the spec's folder
   */
  public static Path install(Path kernelsDirectory, Spec spec) throws IOException {
    Path dir = kernelsDirectory.resolve(spec.name());
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "kernel", ".json.tmp");
    try {
      Files.writeString(tmp, kernelJson(spec), StandardCharsets.UTF_8);
      readableByAll(tmp);
      Files.move(
          tmp,
          dir.resolve("kernel.json"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    for (String logo : LOGOS) {
      try (InputStream in = KernelSpecInstaller.class.getResourceAsStream("spec/" + logo)) {
        if (in == null) {
          throw new IOException("the kernel jar lacks its logo " + logo);
        }
        Files.copy(in, dir.resolve(logo), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  /**
   * Writes the spec as {@link #install} does, then runs the kernel once with no client to record a
   * class-data sharing archive ({@code <name>.jsa}) in the spec folder, and points the spec at it:
   * the kernel then starts faster. When the archive cannot be made (a JVM without dynamic archives,
   * a failed run), the plain spec stays and the reason is returned.
   *
   * @return the spec folder and, when there is no archive, why
   */
  public static Installed installWithArchive(Path kernelsDirectory, Spec spec)
      throws IOException, InterruptedException {
    Path dir = install(kernelsDirectory, spec);
    Path archive = dir.resolve(spec.name() + ".jsa");
    Files.deleteIfExists(archive);
    List<String> command = new ArrayList<>();
    command.add(spec.java().toString());
    command.addAll(spec.jvmOptions());
    command.add("-XX:ArchiveClassesAtExit=" + archive);
    command.add("-D" + RECORDING_ARCHIVE_PROPERTY + "=true");
    command.add("-cp");
    command.add(classpath(spec));
    command.add(KernelMain.class.getName());
    command.add(WarmUp.FLAG);
    Path log = Files.createTempFile("factory-kernel-archive", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(spec.environment());
      Process p = pb.start();
      if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Installed(dir, null, "the warm-up run did not end in 180 s");
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
        Files.deleteIfExists(archive);
        return new Installed(
            dir,
            null,
            "the warm-up run failed (exit "
                + p.exitValue()
                + "): "
                + Files.readString(log, StandardCharsets.UTF_8).strip());
      }
    } finally {
      Files.deleteIfExists(log);
    }
    List<String> options = new ArrayList<>(spec.jvmOptions());
    options.add("-XX:SharedArchiveFile=" + archive);
    install(
        kernelsDirectory,
        new Spec(spec.name(), spec.java(), options, spec.classpath(), spec.environment()));
    return new Installed(dir, archive, null);
  }

  /**
   * An installed spec.
   *
   * @param directory the spec folder
   * @param archive its class-data archive, or null
   * @param noArchiveReason why there is no archive, or null
   */
  public record Installed(Path directory, Path archive, String noArchiveReason) {}

  /**
   * Removes the spec folder {@code kernelsDirectory/<name>/}.
   *
   * @return whether there was one
   */
  public static boolean uninstall(Path kernelsDirectory, String name) throws IOException {
    Path dir = kernelsDirectory.resolve(name);
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    return true;
  }

  /** The text of {@code kernel.json} for {@code spec}. */
  public static String kernelJson(Spec spec) {
    List<String> java = new ArrayList<>();
    java.add(spec.java().toString());
    java.addAll(spec.jvmOptions());
    JsonArray argv = new JsonArray();
    if (File.separatorChar == '/') {
      // Through sh, so that FACTORY_KERNEL_OPTS, when the kernel starts, adds options after the
      // spec's own (later options win); exec leaves the JVM as the kernel's process.
      StringBuilder script = new StringBuilder("exec");
      java.forEach(word -> script.append(' ').append(shellQuoted(word)));
      script
          .append(" ${" + KERNEL_OPTS_ENV + ":-} -cp ")
          .append(shellQuoted(classpath(spec)))
          .append(' ')
          .append(KernelMain.class.getName())
          .append(" \"$@\"");
      List.of("/bin/sh", "-c", script.toString(), "factory-kernel").forEach(argv::add);
    } else {
      java.forEach(argv::add);
      argv.add("-cp");
      argv.add(classpath(spec));
      argv.add(KernelMain.class.getName());
    }
    argv.add("{connection_file}");
    JsonObject json = new JsonObject();
    json.add("argv", argv);
    json.addProperty("display_name", FactoryKernel.DISPLAY_NAME);
    json.addProperty("language", "java");
    json.addProperty("interrupt_mode", "message");
    JsonObject env = new JsonObject();
    spec.environment().forEach(env::addProperty);
    json.add("env", env);
    JsonObject metadata = new JsonObject();
    metadata.addProperty("debugger", false);
    json.add("metadata", metadata);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json) + "\n";
  }

  /** {@code word} as one word of a POSIX shell command line, whatever it holds. */
  static String shellQuoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its defaults apply
    }
  }

  private static String classpath(Spec spec) {
    return String.join(File.pathSeparator, spec.classpath().stream().map(Path::toString).toList());
  }

  /** The {@code java} executable of this JVM. */
  public static Path currentJava() {
    String exe =
        System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
            ? "java.exe"
            : "java";
    return Path.of(System.getProperty("java.home"), "bin", exe);
  }

  /**
   * This process's classpath as absolute paths; when the kernel classes come from somewhere not on
   * it (a test's class folders), that place is added.
   */
  public static List<Path> currentClasspath() {
    List<Path> out = new ArrayList<>(NotebookClasspath.current());
    Path self = NotebookClasspath.codeSource(KernelSpecInstaller.class);
    if (self != null && !out.contains(self)) {
      out.add(0, self);
    }
    return out;
  }

  private static Path userDataDirectory() {
    String dataDir = System.getenv("JUPYTER_DATA_DIR");
    if (dataDir != null && !dataDir.isBlank()) {
      return Path.of(dataDir);
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    Path home = Path.of(System.getProperty("user.home"));
    if (os.startsWith("mac")) {
      return home.resolve("Library").resolve("Jupyter");
    }
    if (os.startsWith("windows")) {
      String appData = System.getenv("APPDATA");
      return (appData == null ? home : Path.of(appData)).resolve("jupyter");
    }
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base =
        xdg == null || xdg.isBlank() ? home.resolve(".local").resolve("share") : Path.of(xdg);
    return base.resolve("jupyter");
  }

  /** {@code sys.prefix} of the Python that runs Jupyter ({@code python3} on the PATH). */
  private static Path pythonPrefix() {
    String python = System.getenv().getOrDefault("FACTORY_PYTHON", "python3");
    try {
      Process p =
          new ProcessBuilder(python, "-c", "import sys; print(sys.prefix)")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0 || out.isEmpty()) {
        throw new IllegalStateException("could not ask " + python + " for sys.prefix: " + out);
      }
      return Path.of(out);
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + python + " to find sys.prefix", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking for sys.prefix", e);
    }
  }
}
