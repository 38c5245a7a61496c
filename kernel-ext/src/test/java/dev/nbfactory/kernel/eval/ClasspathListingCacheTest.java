package dev.nbfactory.kernel.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathListingCacheTest {
  private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

  @TempDir Path dir;

  /** The real file manager, counting the listings of anything but the class path. */
  private static StandardJavaFileManager counting(
      StandardJavaFileManager real, AtomicInteger jdkListings) {
    return (StandardJavaFileManager)
        Proxy.newProxyInstance(
            ClasspathListingCacheTest.class.getClassLoader(),
            new Class<?>[] {StandardJavaFileManager.class},
            (proxy, method, args) -> {
              if (method.getName().equals("list") && args[0] != StandardLocation.CLASS_PATH) {
                jdkListings.incrementAndGet();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private boolean compile(ClasspathListingCache files, String code) {
    JavaFileObject source =
        new SimpleJavaFileObject(URI.create("string:///Cell.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
          }
        };
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok =
        JAVAC
            .getTask(null, files, diagnostics, List.of("-d", dir.toString()), null, List.of(source))
            .call();
    return ok;
  }

  @Test
  void theJdksPackagesAreListedOnceForEveryCompileAfter() throws Exception {
    AtomicInteger jdkListings = new AtomicInteger();
    StandardJavaFileManager real = JAVAC.getStandardFileManager(null, null, StandardCharsets.UTF_8);
    String cell =
        "import java.util.*;\nimport java.util.concurrent.*;\n"
            + "class Cell { List<String> names = new ArrayList<>(); Callable<Integer> c = () -> 1; }";
    try (ClasspathListingCache files = new ClasspathListingCache(counting(real, jdkListings))) {
      assertThat(compile(files, cell)).isTrue();
      int first = jdkListings.get();
      assertThat(first).as("the first compile lists java.util from java.base").isPositive();
      // every compile gets a fresh javac context, which lists the imported packages again
      for (int i = 0; i < 3; i++) {
        assertThat(compile(files, cell)).isTrue();
      }
      assertThat(jdkListings.get()).isEqualTo(first);
      // a package not listed before is listed, once
      assertThat(compile(files, "import java.sql.*;\nclass Cell { Connection c; }")).isTrue();
      assertThat(jdkListings.get()).isGreaterThan(first);
      int withSql = jdkListings.get();
      assertThat(compile(files, "import java.sql.*;\nclass Cell { Connection c; }")).isTrue();
      assertThat(jdkListings.get()).isEqualTo(withSql);
      // and a missing class is still missing
      assertThat(compile(files, "import java.util.*;\nclass Cell { NoSuchList<String> l; }"))
          .isFalse();
    }
  }
}
