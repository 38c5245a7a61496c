package dev.nbfactory.runner.params;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md 11: thousands of hostile strings, translated into Java declarations and compiled
 * by javac (which lexes exactly as JShell does, unicode escapes first), come back byte for byte.
 */
class ParameterRoundTripTest {
  private static final int VALUES = 3_000;
  private static final int PER_CLASS = 250;

  @Test
  void everyGeneratedStringComesBackExactly() throws Exception {
    List<String> values = new ArrayList<>(HostileStrings.values());
    Random random = new Random(11);
    while (values.size() < VALUES) {
      values.add(randomString(random));
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      expected.put("p" + i, values.get(i));
    }
    Map<String, String> back = compileAndRead(expected);
    assertThat(back).hasSize(expected.size());
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertThat(back.get(e.getKey()))
          .as("value of %s: %s", e.getKey(), JavaLiteral.quote(e.getValue()))
          .isEqualTo(e.getValue());
    }
  }

  private static String randomString(Random random) {
    int length = random.nextInt(40);
    StringBuilder s = new StringBuilder();
    String specials = "\"\\\n\r\t\0'$*/u{}";
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(6)) {
        case 0 -> s.append(specials.charAt(random.nextInt(specials.length())));
        case 1 -> s.append("\\u").append(String.format("%04x", random.nextInt(0x80)));
        case 2 -> s.append((char) random.nextInt(0x20));
        case 3 -> s.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
        case 4 -> s.append((char) (0x80 + random.nextInt(0xD7FF - 0x80)));
        default -> s.append((char) (' ' + random.nextInt(95)));
      }
    }
    return s.toString();
  }

  /** Compiles the declarations as static fields of a few classes and reads the fields back. */
  private static Map<String, String> compileAndRead(Map<String, String> values) throws Exception {
    Map<String, String> sources = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(values.keySet());
    for (int start = 0; start < names.size(); start += PER_CLASS) {
      String cls = "Params" + start / PER_CLASS;
      StringBuilder src = new StringBuilder("public class " + cls + " {\n");
      for (String name : names.subList(start, Math.min(names.size(), start + PER_CLASS))) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(name, values.get(name));
        String cell = ParameterTranslator.translate(one, Map.of(), false).source();
        for (String line : cell.split("\n(?=[A-Za-z])")) {
          if (!line.startsWith("//")) {
            src.append("  public static ").append(line).append('\n');
          }
        }
      }
      sources.put(cls, src.append("}\n").toString());
    }
    Map<String, byte[]> classes = compile(sources);
    ClassLoader loader =
        new ClassLoader(ParameterRoundTripTest.class.getClassLoader()) {
          @Override
          protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
              throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
          }
        };
    Map<String, String> back = new HashMap<>();
    for (String cls : sources.keySet()) {
      for (Field f : loader.loadClass(cls).getFields()) {
        back.put(f.getName(), (String) f.get(null));
      }
    }
    return back;
  }

  private static Map<String, byte[]> compile(Map<String, String> sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, byte[]> out = new HashMap<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
    ForwardingJavaFileManager<StandardJavaFileManager> memory =
        new ForwardingJavaFileManager<>(standard) {
          @Override
          public JavaFileObject getJavaFileForOutput(
              Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className + ".class"), kind) {
              @Override
              public OutputStream openOutputStream() {
                return new ByteArrayOutputStream() {
                  @Override
                  public void close() {
                    out.put(className, toByteArray());
                  }
                };
              }
            };
          }
        };
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach(
        (cls, src) ->
            units.add(
                new SimpleJavaFileObject(
                    URI.create("string:///" + cls + ".java"), JavaFileObject.Kind.SOURCE) {
                  @Override
                  public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return src;
                  }
                }));
    boolean ok =
        javac.getTask(null, memory, diagnostics, List.of("-proc:none"), null, units).call();
    assertThat(ok)
        .as("javac accepts the injected declarations: %s", diagnostics.getDiagnostics())
        .isTrue();
    return out;
  }
}
