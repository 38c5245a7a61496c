package dev.nbfactory.kernel.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** javac compiling against jars through the index, as cells compile in a packaged kernel. */
class JarPackageIndexTest {
  private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

  @TempDir Path dir;

  /** Compiles {@code sources} (name to code) into a jar of the classes. */
  private Path jar(String name, String... sources) throws IOException {
    Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
    List<JavaFileObject> units =
        Stream.of(sources).map(code -> (JavaFileObject) new Source(code)).toList();
    assertThat(
            JAVAC.getTask(null, null, null, List.of("-d", classes.toString()), null, units).call())
        .isTrue();
    Path jar = dir.resolve(name + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/versions/11/a/b/Hello.class"));
      out.closeEntry();
    }
    return jar;
  }

  /** A source file from its code: the class name follows "class ", the package "package ". */
  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String code) {
      super(uriOf(code), Kind.SOURCE);
      this.code = code;
    }

    private static java.net.URI uriOf(String code) {
      String pkg = code.startsWith("package ") ? code.substring(8, code.indexOf(';')) : "";
      String rest = code.substring(code.indexOf("class ") + 6);
      String cls = rest.substring(0, rest.indexOf(' '));
      return java.net.URI.create(
          "string:///" + (pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/") + cls + ".java");
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }

  private boolean compiles(List<Path> classpath, String code, DiagnosticCollector<JavaFileObject> d)
      throws IOException {
    Path out = Files.createDirectories(dir.resolve("out"));
    String cp = String.join(":", classpath.stream().map(Path::toString).toList());
    try (ClasspathListingCache fm =
        new ClasspathListingCache(JAVAC.getStandardFileManager(null, null, null))) {
      return JAVAC
          .getTask(
              null,
              fm,
              d,
              List.of("-classpath", cp, "-d", out.toString()),
              null,
              List.of(new Source(code)))
          .call();
    }
  }

  @Test
  void javacFindsClassesNestedClassesAndTheRootPackageInJarsAndMissesWhatIsNotThere()
      throws IOException {
    Path first =
        jar(
            "first",
            "package a.b; public class Hello { public static class Inner {} }",
            "public class Top { }");
    Path second =
        jar(
            "second",
            "package a.b; public class Other { public int n() { return 1; } }",
            "package a.b.c; public class Deep { }");

    var ok = new DiagnosticCollector<JavaFileObject>();
    assertThat(
            compiles(
                List.of(first, second),
                "import a.b.*; public class Use { Hello.Inner i; Other o = new Other();"
                    + " Top t; a.b.c.Deep d; int n = o.n(); Hello h = new Hello(); }",
                ok))
        .as(ok.getDiagnostics().toString())
        .isTrue();

    var missing = new DiagnosticCollector<JavaFileObject>();
    assertThat(compiles(List.of(first, second), "public class Use { a.b.Deep d; }", missing))
        .isFalse();
    assertThat(missing.getDiagnostics().toString()).contains("Deep");
  }

  @Test
  void aJarAddedToTheClassPathIsSeenByTheNextCompileWithTheSameFileManager() throws IOException {
    Path first = jar("first", "package a.b; public class Hello { }");
    Path second = jar("second", "package a.b; public class Other { }");
    Path out = Files.createDirectories(dir.resolve("out"));
    try (ClasspathListingCache fm =
        new ClasspathListingCache(JAVAC.getStandardFileManager(null, null, null))) {
      String use = "public class Use { a.b.Hello h; a.b.Other o; }";
      var before = new DiagnosticCollector<JavaFileObject>();
      List<String> onlyFirst = List.of("-classpath", first.toString(), "-d", out.toString());
      assertThat(JAVAC.getTask(null, fm, before, onlyFirst, null, List.of(new Source(use))).call())
          .isFalse();
      assertThat(before.getDiagnostics().toString()).contains("Other");

      var after = new DiagnosticCollector<JavaFileObject>();
      List<String> both = List.of("-classpath", first + ":" + second, "-d", out.toString());
      assertThat(JAVAC.getTask(null, fm, after, both, null, List.of(new Source(use))).call())
          .as(after.getDiagnostics().toString())
          .isTrue();
    }
  }

  @Test
  void listsOnlyTheFilesDirectlyInAPackageAcrossJarsInClasspathOrder() throws IOException {
    Path first = jar("first", "package a.b; public class Hello { public static class Inner {} }");
    Path second =
        jar(
            "second",
            "package a.b; public class Other { }",
            "package a.b.c; public class Deep { }",
            "public class Top { }");
    try (JarPackageIndex index = new JarPackageIndex(List.of(first, second))) {
      assertThat(index.list("a.b", Set.of(JavaFileObject.Kind.CLASS)))
          .map(f -> ((JarPackageIndex.JarEntryFile) f).binaryName())
          .containsExactly("a.b.Hello$Inner", "a.b.Hello", "a.b.Other");
      assertThat(index.list("", Set.of(JavaFileObject.Kind.CLASS)))
          .map(f -> ((JarPackageIndex.JarEntryFile) f).binaryName())
          .containsExactly("Top");
      assertThat(index.list("a.b", Set.of(JavaFileObject.Kind.SOURCE))).isEmpty();
      assertThat(index.list("a", Set.of(JavaFileObject.Kind.CLASS))).isEmpty();
      JavaFileObject hello = index.list("a.b.c", Set.of(JavaFileObject.Kind.CLASS)).get(0);
      assertThat(hello.isNameCompatible("Deep", JavaFileObject.Kind.CLASS)).isTrue();
      assertThat(hello.isNameCompatible("Dee", JavaFileObject.Kind.CLASS)).isFalse();
      try (var in = hello.openInputStream()) {
        assertThat(in.readNBytes(4)).containsExactly(0xCA, 0xFE, 0xBA, 0xBE);
      }
    }
  }
}
