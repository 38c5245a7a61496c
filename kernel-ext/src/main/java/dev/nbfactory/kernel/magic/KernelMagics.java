package dev.nbfactory.kernel.magic;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

/**
 * Registers the magics that run inside a cell as calls (jjava-jupyter's transpiled form): display
 * cell magics, {@code %jars}, {@code %classpath} and {@code %lsmagic}.
 */
public final class KernelMagics {
  private KernelMagics() {}

  /**
   * Registers the magics.
   *
   * @param addToClasspath adds a jar or folder to the classpath of later cells, and installs the
   *     extensions it brings
   */
  public static void register(
      MagicsRegistry magics, MagicHelp help, Consumer<List<Path>> addToClasspath) {
    display(magics, help, "html", "text/html", "show the cell's body as HTML");
    display(magics, help, "markdown", "text/markdown", "show the cell's body as Markdown");
    display(magics, help, "svg", "image/svg+xml", "show the cell's body as an SVG image");
    display(
        magics,
        help,
        "javascript",
        "application/javascript",
        "run the cell's body as JavaScript in the page");
    display(magics, help, "latex", "text/latex", "show the cell's body as LaTeX");

    magics.registerLineMagic(
        "jars",
        (LineMagic<List<String>, BaseKernel>)
            (kernel, args) -> addPaths(args, true, addToClasspath));
    help.line(
        "jars", "add jars (paths or globs such as lib/*.jar) to the classpath of later cells");
    magics.registerLineMagic(
        "classpath",
        (LineMagic<List<String>, BaseKernel>)
            (kernel, args) -> addPaths(args, false, addToClasspath));
    help.line(
        "classpath", "add jars or class folders (paths or globs) to the classpath of later cells");

    magics.registerLineMagic(
        "lsmagic",
        (LineMagic<Void, BaseKernel>)
            (kernel, args) -> {
              System.out.print(help.listing());
              return null;
            });
    help.line("lsmagic", "list the magics");
  }

  private static void display(
      MagicsRegistry magics, MagicHelp help, String name, String mime, String text) {
    magics.registerCellMagic(
        name,
        (CellMagic<Void, BaseKernel>)
            (kernel, args, body) -> {
              DisplayData data = new DisplayData();
              data.putData(mime, body);
              if (!mime.equals("text/plain")) {
                data.putData("text/plain", "<" + mime + " output>");
              }
              kernel.display(data);
              return null;
            });
    help.cell(name, text);
  }

  /**
   * The files and folders that {@code pattern} (a path, or a glob such as {@code lib/*.jar}) names.
   */
  static List<Path> glob(String pattern) throws IOException {
    int firstGlob = -1;
    for (int i = 0; i < pattern.length(); i++) {
      if ("*?[{".indexOf(pattern.charAt(i)) >= 0) {
        firstGlob = i;
        break;
      }
    }
    if (firstGlob < 0) {
      Path p = Path.of(pattern);
      return Files.exists(p) ? List.of(p) : List.of();
    }
    int slash = pattern.lastIndexOf('/', firstGlob);
    Path base = slash < 0 ? Path.of("") : Path.of(pattern.substring(0, slash + 1));
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    String rest = pattern.substring(slash + 1);
    int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.split("/").length;
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    try (Stream<Path> paths = Files.walk(base, depth)) {
      return paths.filter(matcher::matches).sorted().toList();
    }
  }

  /** Resolves paths and globs; every argument must name something that exists. */
  static List<String> addPaths(List<String> args, boolean jarsOnly, Consumer<List<Path>> add)
      throws IOException {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("name at least one path or glob, such as lib/*.jar");
    }
    List<Path> found = new ArrayList<>();
    for (String arg : args) {
      List<Path> matches = glob(arg);
      List<Path> usable = new ArrayList<>();
      for (Path p : matches) {
        Path abs = p.toAbsolutePath().normalize();
        if (Files.isRegularFile(abs) && abs.toString().endsWith(".jar")) {
          usable.add(abs);
        } else if (!jarsOnly && Files.isDirectory(abs)) {
          usable.add(abs);
        }
      }
      if (usable.isEmpty()) {
        throw new IllegalArgumentException(
            "'"
                + arg
                + "' matches no "
                + (jarsOnly ? "jar" : "jar or folder")
                + " (relative paths start at "
                + Path.of("").toAbsolutePath()
                + ")");
      }
      found.addAll(usable);
    }
    add.accept(found);
    return found.stream().map(Path::toString).toList();
  }
}
