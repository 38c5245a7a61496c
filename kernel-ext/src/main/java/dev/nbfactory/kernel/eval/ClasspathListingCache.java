package dev.nbfactory.kernel.eval;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * javac's file manager for cells, remembering what each package of the class path holds. A class
 * path of jars only is listed through a {@link JarPackageIndex}.
 *
 * <p>JShell compiles every snippet with a fresh compiler context, and each compile lists the
 * snippet's own package and every on-demand import across all jars of the class path: with the
 * kernel's hundred jars that listing was a third of a cell's time. Jars do not change while the
 * kernel runs, so listings are kept until the class path changes. A class path with a folder on it
 * (whose classes may be rebuilt) is listed afresh each time, as before.
 */
final class ClasspathListingCache extends ForwardingJavaFileManager<StandardJavaFileManager>
    implements StandardJavaFileManager {
  private record Key(String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse) {}

  private record ModuleKey(Location module, Key key) {}

  private final Map<Key, List<JavaFileObject>> listings = new ConcurrentHashMap<>();

  /** Listings of the JDK's own modules, which cannot change while this JVM runs. */
  private final Map<ModuleKey, List<JavaFileObject>> jdkListings = new ConcurrentHashMap<>();

  private volatile Set<Location> jdkModules;
  private volatile Boolean jarsOnly;
  private volatile List<Path> classpath = List.of();
  private JarPackageIndex index;

  private final boolean completionIndex;

  ClasspathListingCache(StandardJavaFileManager delegate) {
    this(delegate, true);
  }

  /**
   * @param completionIndex false to show JShell's completion indexer no paths: it walks the JDK and
   *     every jar in the background, a third of a short headless run's CPU
   */
  ClasspathListingCache(StandardJavaFileManager delegate, boolean completionIndex) {
    super(delegate);
    this.completionIndex = completionIndex;
  }

  @Override
  public Iterable<JavaFileObject> list(
      Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
      throws IOException {
    Key key = new Key(packageName, Set.copyOf(kinds), recurse);
    if (jdkModules().contains(location)) {
      ModuleKey moduleKey = new ModuleKey(location, key);
      List<JavaFileObject> cached = jdkListings.get(moduleKey);
      if (cached == null) {
        List<JavaFileObject> found = new ArrayList<>();
        super.list(location, packageName, kinds, recurse).forEach(found::add);
        cached = List.copyOf(found);
        jdkListings.put(moduleKey, cached);
      }
      return cached;
    }
    if (location != StandardLocation.CLASS_PATH || !jarsOnly()) {
      return super.list(location, packageName, kinds, recurse);
    }
    List<JavaFileObject> cached = listings.get(key);
    if (cached == null) {
      if (recurse) {
        List<JavaFileObject> found = new ArrayList<>();
        super.list(location, packageName, kinds, recurse).forEach(found::add);
        cached = List.copyOf(found);
      } else {
        cached = List.copyOf(index().list(packageName, kinds));
      }
      listings.put(key, cached);
    }
    return cached;
  }

  /**
   * The locations of the JDK's modules (java.base, java.sql, ...). Each compile lists the packages
   * a snippet imports from them again, as it does the class path's: about a twentieth of a cell.
   */
  private Set<Location> jdkModules() throws IOException {
    Set<Location> modules = jdkModules;
    if (modules == null) {
      Set<Location> found = new java.util.HashSet<>();
      for (Set<Location> group :
          fileManager.listLocationsForModules(StandardLocation.SYSTEM_MODULES)) {
        found.addAll(group);
      }
      jdkModules = modules = Set.copyOf(found);
    }
    return modules;
  }

  private synchronized JarPackageIndex index() throws IOException {
    if (index == null) {
      index = new JarPackageIndex(classpathNow());
    }
    return index;
  }

  @Override
  public String inferBinaryName(Location location, JavaFileObject file) {
    return file instanceof JarPackageIndex.JarEntryFile entry
        ? entry.binaryName()
        : super.inferBinaryName(location, file);
  }

  /** The class path as the compiler has it now. */
  private List<Path> classpathNow() {
    List<Path> paths = new ArrayList<>();
    Iterable<? extends Path> location = fileManager.getLocationAsPaths(StandardLocation.CLASS_PATH);
    if (location != null) {
      location.forEach(paths::add);
    }
    return List.copyOf(paths);
  }

  private boolean jarsOnly() {
    Boolean b = jarsOnly;
    if (b == null) {
      jarsOnly = b = classpathNow().stream().allMatch(Files::isRegularFile);
    }
    return b;
  }

  /** Forgets the listings when the class path is not what they were made for. */
  private void classpathMayHaveChanged() {
    List<Path> now = classpathNow();
    if (!now.equals(classpath)) {
      listings.clear();
      jarsOnly = null;
      classpath = now;
      forgetIndex();
    }
  }

  /** Each compile passes the class path option again; only a different path clears the cache. */
  @Override
  public boolean handleOption(String current, Iterator<String> remaining) {
    boolean handled = super.handleOption(current, remaining);
    classpathMayHaveChanged();
    return handled;
  }

  /**
   * A new class path gets a new index; the old one's jars stay open, since class symbols a compiler
   * still holds may read from them, and close when they are collected.
   */
  private synchronized void forgetIndex() {
    index = null;
  }

  private synchronized void closeIndex() {
    if (index != null) {
      index.close();
      index = null;
    }
  }

  @Override
  public boolean isSameFile(FileObject a, FileObject b) {
    if (a instanceof JarPackageIndex.JarEntryFile || b instanceof JarPackageIndex.JarEntryFile) {
      return a.toUri().equals(b.toUri());
    }
    return fileManager.isSameFile(a, b);
  }

  @Override
  public void close() throws IOException {
    closeIndex();
    super.close();
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(
      Iterable<? extends File> files) {
    return fileManager.getJavaFileObjectsFromFiles(files);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(
      Collection<? extends Path> paths) {
    return fileManager.getJavaFileObjectsFromPaths(paths);
  }

  @Override
  @Deprecated(since = "13")
  @SuppressWarnings("deprecation")
  public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(
      Iterable<? extends Path> paths) {
    return fileManager.getJavaFileObjectsFromPaths(paths);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
    return fileManager.getJavaFileObjects(files);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
    return fileManager.getJavaFileObjects(paths);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
    return fileManager.getJavaFileObjectsFromStrings(names);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
    return fileManager.getJavaFileObjects(names);
  }

  @Override
  public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
    fileManager.setLocation(location, files);
    classpathMayHaveChanged();
  }

  @Override
  public void setLocationFromPaths(Location location, Collection<? extends Path> paths)
      throws IOException {
    fileManager.setLocationFromPaths(location, paths);
    classpathMayHaveChanged();
  }

  @Override
  public void setLocationForModule(
      Location location, String moduleName, Collection<? extends Path> paths) throws IOException {
    fileManager.setLocationForModule(location, moduleName, paths);
    classpathMayHaveChanged();
  }

  @Override
  public Iterable<? extends File> getLocation(Location location) {
    return fileManager.getLocation(location);
  }

  @Override
  public Iterable<? extends Path> getLocationAsPaths(Location location) {
    if (!completionIndex && calledByCompletionIndexer()) {
      return List.of();
    }
    return fileManager.getLocationAsPaths(location);
  }

  private static boolean calledByCompletionIndexer() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames.anyMatch(
                    f ->
                        f.getClassName().equals("jdk.jshell.SourceCodeAnalysisImpl")
                            && f.getMethodName().equals("refreshIndexes")));
  }

  @Override
  public Path asPath(FileObject file) {
    return fileManager.asPath(file);
  }

  @Override
  public void setPathFactory(PathFactory f) {
    fileManager.setPathFactory(f);
  }
}
