package dev.nbfactory.kernel.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.tools.JavaFileObject;

/**
 * Which jars of a class path hold which packages, read with {@link ZipFile}: javac's own listing
 * opens every jar as a zip file system and walks all of it the first time any package is looked up,
 * which with the kernel's hundred jars was the larger part of JShell's start. Here one pass over
 * the entry names finds the packages of every jar, and a package's classes are listed from the jars
 * that hold it. The JVM shares the central directory of jars its class loader has open, so opening
 * them again costs little.
 */
final class JarPackageIndex implements AutoCloseable {
  private final List<ZipFile> jars = new ArrayList<>();
  private final Map<String, List<ZipFile>> jarsByPackage = new HashMap<>();

  JarPackageIndex(List<Path> classpath) throws IOException {
    try {
      for (Path path : classpath) {
        ZipFile jar = new ZipFile(path.toFile());
        jars.add(jar);
        String last = null;
        for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
          String name = e.nextElement().getName();
          int slash = name.lastIndexOf('/');
          String pkg = slash < 0 ? "" : name.substring(0, slash);
          // Entries come grouped by folder: skip the lookup while the folder stays the same.
          if (!pkg.equals(last) && kindOf(name) != null) {
            List<ZipFile> holders = jarsByPackage.computeIfAbsent(pkg, k -> new ArrayList<>(1));
            if (holders.isEmpty() || holders.get(holders.size() - 1) != jar) {
              holders.add(jar);
            }
            last = pkg;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The class and source files directly in {@code packageName} (dotted), in class path order. */
  List<JavaFileObject> list(String packageName, Set<JavaFileObject.Kind> kinds) {
    String folder = packageName.replace('.', '/');
    List<JavaFileObject> found = new ArrayList<>();
    for (ZipFile jar : jarsByPackage.getOrDefault(folder, List.of())) {
      for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        JavaFileObject.Kind kind = kindOf(name);
        if (kind != null && kinds.contains(kind) && isIn(name, folder)) {
          found.add(new JarEntryFile(jar, entry, kind));
        }
      }
    }
    return found;
  }

  /** Whether a jar entry is directly in a folder ({@code ""} for the jar's root). */
  private static boolean isIn(String entryName, String folder) {
    if (folder.isEmpty()) {
      return entryName.indexOf('/') < 0;
    }
    return entryName.length() > folder.length()
        && entryName.charAt(folder.length()) == '/'
        && entryName.startsWith(folder)
        && entryName.indexOf('/', folder.length() + 1) < 0;
  }

  /** A class or source file of a package; not versioned classes, nor a module's descriptor. */
  private static JavaFileObject.Kind kindOf(String entryName) {
    if (entryName.endsWith(".class")) {
      return entryName.startsWith("META-INF/") || entryName.endsWith("module-info.class")
          ? null
          : JavaFileObject.Kind.CLASS;
    }
    return entryName.endsWith(".java") ? JavaFileObject.Kind.SOURCE : null;
  }

  @Override
  public void close() {
    for (ZipFile jar : jars) {
      try {
        jar.close();
      } catch (IOException e) {
        // read-only files: nothing to lose
      }
    }
    jars.clear();
  }

  /**
   * One class or source file in a jar, as javac reads it. Not a {@code SimpleJavaFileObject}: that
   * wants a URI with a path, and a {@code jar:} URI has none.
   */
  static final class JarEntryFile implements JavaFileObject {
    private final ZipFile jar;
    private final ZipEntry entry;
    private final Kind kind;

    private JarEntryFile(ZipFile jar, ZipEntry entry, Kind kind) {
      this.jar = jar;
      this.entry = entry;
      this.kind = kind;
    }

    /** The binary name, such as {@code java.util.Map$Entry}. */
    String binaryName() {
      String name = entry.getName();
      return name.substring(0, name.length() - kind.extension.length()).replace('/', '.');
    }

    @Override
    public URI toUri() {
      try {
        return new URI("jar", Path.of(jar.getName()).toUri() + "!/" + entry.getName(), null);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(jar.getName() + " holds a bad name: " + entry, e);
      }
    }

    @Override
    public String getName() {
      return jar.getName() + "(" + entry.getName() + ")";
    }

    @Override
    public InputStream openInputStream() throws IOException {
      return jar.getInputStream(entry);
    }

    @Override
    public OutputStream openOutputStream() {
      throw new UnsupportedOperationException("a jar on the class path is read-only");
    }

    @Override
    public Reader openReader(boolean ignoreEncodingErrors) throws IOException {
      return new InputStreamReader(openInputStream(), StandardCharsets.UTF_8);
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) throws IOException {
      try (InputStream in = openInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }

    @Override
    public Writer openWriter() {
      throw new UnsupportedOperationException("a jar on the class path is read-only");
    }

    @Override
    public long getLastModified() {
      return entry.getTime();
    }

    @Override
    public boolean delete() {
      return false;
    }

    @Override
    public Kind getKind() {
      return kind;
    }

    @Override
    public boolean isNameCompatible(String simpleName, Kind kind) {
      String file = simpleName + kind.extension;
      String name = entry.getName();
      return kind == this.kind && (name.equals(file) || name.endsWith("/" + file));
    }

    @Override
    public NestingKind getNestingKind() {
      return null; // unknown until the class file is read, as for javac's own jar entries
    }

    @Override
    public Modifier getAccessLevel() {
      return null;
    }

    @Override
    public String toString() {
      return getName();
    }
  }
}
