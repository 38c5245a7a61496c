package dev.nbfactory.kernel.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Javadoc read from sources a jar carries under META-INF/sources, by JShell's signatures. */
class SourceJavadocTest {
  private static final String SOURCE =
      """
      package p;

      import java.util.List;

      /**
       * A greeter. It says {@code hello} to {@link #greet(String) whoever} asks.
       *
       * <p>Second paragraph:
       * <ul><li>one</li><li>two &amp; three</li></ul>
       */
      public class Greeter {
        /** How many greetings. */
        public static int count;

        /** A greeter with a {@link String} prefix. */
        public Greeter(String prefix) {}

        /**
         * Greets one.
         *
         * @param who the one to greet
         * @return the greeting
         * @throws IllegalArgumentException when {@code who} is blank
         */
        public String greet(String who) { return who; }

        /**
         * Greets many, as in
         *
         * <pre>{@code
         * g.greet(List.of("a", "b"),
         *     2);
         * }</pre>
         *
         * and no more.
         */
        public String greet(List<String> many, int... times) { return ""; }

        /** A nested kind. */
        public static class Inner {
          /** Inner's own method. */
          public void run() {}
        }
      }
      """;

  @TempDir Path dir;

  private SourceJavadoc docs() throws IOException {
    Path file = dir.resolve(SourceJavadoc.ROOT + "p/Greeter.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, SOURCE, StandardCharsets.UTF_8);
    URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    return new SourceJavadoc(() -> loader);
  }

  @Test
  void aClassItsParagraphsAndListItems() throws IOException {
    assertThat(docs().find("p.Greeter"))
        .contains(
            "A greeter. It says hello to whoever asks.\n\nSecond paragraph:\n - one\n - two & three");
  }

  @Test
  void overloadsByTheirParameterTypes() throws IOException {
    SourceJavadoc docs = docs();
    assertThat(docs.find("String p.Greeter.greet(String who)"))
        .contains(
            "Greets one.\n\nParameters:\nwho - the one to greet\n\nReturns:\nthe greeting\n\n"
                + "Throws:\nIllegalArgumentException - when who is blank");
    assertThat(docs.find("String p.Greeter.greet(java.util.List<java.lang.String> arg0, int... n)"))
        .contains("Greets many, as in\n\ng.greet(List.of(\"a\", \"b\"),\n    2);\n\nand no more.");
  }

  @Test
  void constructorsFieldsAndNestedClasses() throws IOException {
    SourceJavadoc docs = docs();
    assertThat(docs.find("p.Greeter(String prefix)")).contains("A greeter with a String prefix.");
    assertThat(docs.find("int p.Greeter.count")).contains("How many greetings.");
    assertThat(docs.find("p.Greeter.Inner")).contains("A nested kind.");
    assertThat(docs.find("void p.Greeter.Inner.run()")).contains("Inner's own method.");
  }

  @Test
  void nothingWithoutTheSource() throws IOException {
    assertThat(docs().find("int java.lang.Math.abs(int a)")).isEmpty();
    assertThat(docs().find("void p.Greeter.missing()")).isEmpty();
  }
}
