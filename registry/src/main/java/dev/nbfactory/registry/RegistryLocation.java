package dev.nbfactory.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a registry lives: its database URL and the folder of its artifact store. Found the way git
 * finds {@code .git}: {@code $FACTORY_REGISTRY} (a folder or a JDBC URL), else the nearest {@code
 * .factory/} at or above the working directory, else {@code ~/.factory/}. A PostgreSQL registry
 * keeps its objects in {@code $FACTORY_OBJECTS}, else {@code ~/.factory/objects}; a URL there, such
 * as {@code s3://bucket/prefix}, names a store a provider opens (see {@link ArtifactStores}).
 *
 * @param objects the folder of the artifact store, or null when {@code objectsUrl} names it
 * @param folder the {@code .factory} folder, or null for a registry on a database server
 * @param objectsUrl the artifact store's URL, without credentials, or null for a folder store
 */
public record RegistryLocation(String jdbcUrl, Path objects, Path folder, URI objectsUrl) {
  public static final String FOLDER = ".factory";
  public static final String DATABASE = "registry.db";
  public static final String ENV_REGISTRY = "FACTORY_REGISTRY";
  public static final String ENV_OBJECTS = "FACTORY_OBJECTS";

  /** A scheme such as {@code s3://}: FACTORY_OBJECTS is then a URL, not a folder. */
  private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

  /** A registry whose artifact store is a folder. */
  public RegistryLocation(String jdbcUrl, Path objects, Path folder) {
    this(jdbcUrl, objects, folder, null);
  }

  /** A registry folder: its SQLite file and objects inside it. */
  public static RegistryLocation ofFolder(Path folder) {
    Path abs = folder.toAbsolutePath().normalize();
    return new RegistryLocation(
        "jdbc:sqlite:" + abs.resolve(DATABASE), abs.resolve("objects"), abs);
  }

  /**
   * Parses what a user gives: a JDBC URL, or a path. A path named {@code .factory}, or holding a
   * {@code registry.db}, is the registry folder; any other path holds it in {@code .factory/}.
   */
  public static RegistryLocation parse(String text, Map<String, String> env) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException("registry location is empty: give a folder or a JDBC URL");
    }
    if (text.startsWith("jdbc:")) {
      if (text.startsWith("jdbc:sqlite:")) {
        Path db = Path.of(text.substring("jdbc:sqlite:".length())).toAbsolutePath().normalize();
        Path parent = db.getParent();
        return new RegistryLocation(text, parent.resolve("objects"), parent);
      }
      String objects = env.get(ENV_OBJECTS);
      if (objects != null && URL.matcher(objects.strip()).matches()) {
        return new RegistryLocation(text, null, null, objectsUrl(objects.strip()));
      }
      Path store =
          objects != null && !objects.isBlank()
              ? Path.of(objects)
              : Path.of(System.getProperty("user.home"), FOLDER, "objects");
      return new RegistryLocation(text, store.toAbsolutePath().normalize(), null);
    }
    Path path = Path.of(text).toAbsolutePath().normalize();
    boolean isFolder =
        path.getFileName() != null && path.getFileName().toString().equals(FOLDER)
            || Files.isRegularFile(path.resolve(DATABASE));
    return ofFolder(isFolder ? path : path.resolve(FOLDER));
  }

  /**
   * The store's URL without any user info: credentials come from the client's own configuration
   * (environment, profile), never from a URL the registry records or a log shows.
   */
  static URI objectsUrl(String text) {
    try {
      URI url = new URI(text);
      if (url.getHost() == null || url.getHost().isEmpty()) {
        throw new InvalidInputException(
            ENV_OBJECTS
                + "="
                + Secrets.redactUrl(text)
                + " names no bucket: give s3://BUCKET/PREFIX");
      }
      String path = url.getPath() == null ? "" : url.getPath().replaceAll("/+$", "");
      return new URI(url.getScheme(), null, url.getHost(), url.getPort(), path, null, null);
    } catch (URISyntaxException e) {
      throw new InvalidInputException(
          ENV_OBJECTS + " is neither a folder nor a valid URL: " + e.getMessage());
    }
  }

  /** Where the artifact store is: its folder or its URL, fit to show and to pass to a child. */
  public String objectsLocation() {
    return objectsUrl != null ? objectsUrl.toString() : String.valueOf(objects);
  }

  /**
   * Refuses {@code file} as a place a command writes to when it is one of this registry's own
   * files: the object store, or a file of the registry folder itself (its database and the
   * database's journal files), directly or through a link. Writing there would corrupt the registry
   * or an artifact's bytes. The folder's sub-folders other than the store (the scheduler's {@code
   * schedules/}, which holds its runs' notebooks) stay writable.
   *
   * @param what how the command names the path, such as "OUTPUT" or "--output-dir"
   * @throws InvalidInputException naming the path and the fix
   */
  public void refuseAsOutput(Path file, String what) {
    Path real = realPath(file);
    Path folderReal = folder == null ? null : realPath(folder);
    boolean inFolder =
        folderReal != null && (folderReal.equals(real) || folderReal.equals(real.getParent()));
    for (Path own : new Path[] {folder, objects}) {
      if (own != null && (own == folder ? inFolder : real.startsWith(realPath(own)))) {
        throw new InvalidInputException(
            what
                + " "
                + file
                + " is inside the registry's own files ("
                + own
                + "): writing there would corrupt the registry; choose a path outside it");
      }
    }
  }

  /** Where a path leads once every link on the way is followed, for paths not there yet too. */
  static Path realPath(Path path) {
    Path abs = Links.target(path);
    Path existing = abs;
    Path rest = Path.of("");
    while (existing.getParent() != null && !Files.exists(existing)) {
      rest = existing.getFileName().resolve(rest);
      existing = existing.getParent();
    }
    try {
      return existing.toRealPath().resolve(rest).normalize();
    } catch (java.io.IOException e) {
      return abs;
    }
  }

  /** The registry this process should use, from the environment and the working directory. */
  public static RegistryLocation discover(Path workingDirectory, Map<String, String> env) {
    String configured = env.get(ENV_REGISTRY);
    if (configured != null && !configured.isBlank()) {
      return parse(configured, env);
    }
    for (Path dir = workingDirectory.toAbsolutePath().normalize();
        dir != null;
        dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(FOLDER))) {
        return ofFolder(dir.resolve(FOLDER));
      }
    }
    return ofFolder(Path.of(System.getProperty("user.home"), FOLDER));
  }

  public boolean isEmbedded() {
    return jdbcUrl.startsWith("jdbc:sqlite:");
  }

  /** The SQLite file of an embedded registry; empty for one on a database server. */
  public java.util.Optional<Path> databaseFile() {
    String file = isEmbedded() ? jdbcUrl.substring("jdbc:sqlite:".length()) : "";
    int query = file.indexOf('?');
    file = query < 0 ? file : file.substring(0, query);
    return file.isEmpty() || file.startsWith(":") || file.startsWith("file:")
        ? java.util.Optional.empty()
        : java.util.Optional.of(Path.of(file).toAbsolutePath());
  }

  /**
   * The environment that points a child process at this registry: {@code FACTORY_REGISTRY} (the
   * folder, else the JDBC URL) and, for a shared registry, {@code FACTORY_OBJECTS}.
   */
  public Map<String, String> environment() {
    Map<String, String> env = new java.util.LinkedHashMap<>();
    env.put(ENV_REGISTRY, folder != null ? folder.toString() : jdbcUrl);
    if (folder == null && (objects != null || objectsUrl != null)) {
      env.put(ENV_OBJECTS, objectsLocation());
    }
    return env;
  }

  /** The folder, or the URL with any password masked: fit to show or log. */
  public String display() {
    return isEmbedded() ? folder.toString() : Secrets.redactUrl(jdbcUrl);
  }
}
