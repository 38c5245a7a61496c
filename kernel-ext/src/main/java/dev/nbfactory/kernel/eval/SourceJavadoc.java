package dev.nbfactory.kernel.eval;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.EndElementTree;
import com.sun.source.doctree.EntityTree;
import com.sun.source.doctree.LinkTree;
import com.sun.source.doctree.LiteralTree;
import com.sun.source.doctree.ParamTree;
import com.sun.source.doctree.ReturnTree;
import com.sun.source.doctree.StartElementTree;
import com.sun.source.doctree.TextTree;
import com.sun.source.doctree.ThrowsTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The javadoc of a class or member that JShell has a signature for but no javadoc: JDK 17's JShell
 * reads javadoc only from the JDK's {@code lib/src.zip} (its {@code --source-path} and sources on
 * the class path are not looked at). Jars that carry their sources under {@link #ROOT} (the
 * factory's magics and registry jars do) are read here instead, with javac's public tree API.
 *
 * <p>The sources sit under {@code META-INF/sources/} rather than beside the classes: javac takes a
 * class path's {@code .java} files as sources to compile, and with a jar's equal timestamps it
 * compiled them instead of reading the classes, which broke cells (in JShell as in a stock JJava).
 */
final class SourceJavadoc {
  /** Where in a jar the sources of its classes are, by package folders. */
  static final String ROOT = "META-INF/sources/";

  private final Supplier<ClassLoader> loader;
  private final Map<String, Optional<Parsed>> parsed = new ConcurrentHashMap<>();

  private record Parsed(CompilationUnitTree unit, DocTrees trees) {}

  SourceJavadoc(Supplier<ClassLoader> loader) {
    this.loader = loader;
  }

  /**
   * The javadoc of what JShell's {@code signature} names, such as {@code tech.tablesaw.api.Table
   * dev.nbfactory.magics.Factory.table(String ref)}, as plain text; empty without its source.
   */
  Optional<String> find(String signature) {
    String sig = signature.strip();
    int paren = sig.indexOf('(');
    String head = withoutTypeArguments(paren < 0 ? sig : sig.substring(0, paren)).strip();
    String qualified = head.substring(head.lastIndexOf(' ') + 1);
    List<String> params = paren < 0 ? null : parameterTypes(sig.substring(paren + 1));
    String[] parts = qualified.split("\\.");
    for (int top = parts.length; top > 0; top--) {
      String path = String.join("/", List.of(parts).subList(0, top)) + ".java";
      Optional<Parsed> source = source(path);
      if (source.isPresent()) {
        List<String> rest = List.of(parts).subList(top - 1, parts.length);
        return find(source.get(), rest, params);
      }
    }
    return Optional.empty();
  }

  private Optional<String> find(Parsed source, List<String> names, List<String> params) {
    Tree found = null;
    for (Tree t : source.unit().getTypeDecls()) {
      if (t instanceof ClassTree c && c.getSimpleName().contentEquals(names.get(0))) {
        found = member(c, names.subList(1, names.size()), params);
      }
    }
    if (found == null) {
      return Optional.empty();
    }
    DocCommentTree doc = source.trees().getDocCommentTree(TreePath.getPath(source.unit(), found));
    return doc == null ? Optional.empty() : Optional.of(render(doc));
  }

  /** The member of {@code c} that {@code names} (nested classes, then a member) lead to. */
  private static Tree member(ClassTree c, List<String> names, List<String> params) {
    if (names.isEmpty()) {
      return params == null ? c : method(c, "<init>", params);
    }
    String name = names.get(0);
    for (Tree m : c.getMembers()) {
      if (m instanceof ClassTree inner && inner.getSimpleName().contentEquals(name)) {
        Tree t = member(inner, names.subList(1, names.size()), params);
        if (t != null) {
          return t;
        }
      }
    }
    if (names.size() > 1) {
      return null;
    }
    if (params != null) {
      return method(c, name, params);
    }
    for (Tree m : c.getMembers()) {
      if (m instanceof VariableTree v && v.getName().contentEquals(name)) {
        return v;
      }
    }
    return null;
  }

  /** The overload of that name and arity whose simple parameter types match, else the first. */
  private static Tree method(ClassTree c, String name, List<String> params) {
    MethodTree first = null;
    for (Tree m : c.getMembers()) {
      if (m instanceof MethodTree method
          && method.getName().contentEquals(name)
          && method.getParameters().size() == params.size()) {
        List<String> types = new ArrayList<>();
        method.getParameters().forEach(p -> types.add(simpleType(p.getType().toString())));
        if (types.equals(params)) {
          return method;
        }
        first = first == null ? method : first;
      }
    }
    return first;
  }

  /** The simple types of a signature's parameters ({@code java.util.List<T> xs, int... n)}). */
  private static List<String> parameterTypes(String afterParen) {
    int close = afterParen.lastIndexOf(')');
    String list = withoutTypeArguments(close < 0 ? afterParen : afterParen.substring(0, close));
    List<String> types = new ArrayList<>();
    for (String param : list.split(",")) {
      String p = param.strip();
      if (!p.isEmpty()) {
        int space = p.lastIndexOf(' ');
        types.add(simpleType(space < 0 ? p : p.substring(0, space)));
      }
    }
    return types;
  }

  private static String simpleType(String type) {
    String t = withoutTypeArguments(type).replace("...", "[]").replace(" ", "");
    return t.substring(t.lastIndexOf('.', t.indexOf('[') < 0 ? t.length() : t.indexOf('[')) + 1);
  }

  private static String withoutTypeArguments(String s) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (char ch : s.toCharArray()) {
      if (ch == '<') {
        depth++;
      } else if (ch == '>') {
        depth--;
      } else if (depth == 0) {
        out.append(ch);
      }
    }
    return out.toString();
  }

  private Optional<Parsed> source(String path) {
    ClassLoader cl = loader.get();
    URL url = cl == null ? null : cl.getResource(ROOT + path);
    if (url == null) {
      return Optional.empty();
    }
    return parsed.computeIfAbsent(url.toString(), key -> parse(url, path));
  }

  private static Optional<Parsed> parse(URL url, String path) {
    String text;
    try (InputStream in = url.openStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    SimpleJavaFileObject file =
        new SimpleJavaFileObject(
            URI.create("string:///" + path), SimpleJavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
          }
        };
    JavacTask task =
        (JavacTask) javac.getTask(null, null, d -> {}, List.of("-proc:none"), null, List.of(file));
    try {
      for (CompilationUnitTree unit : task.parse()) {
        return Optional.of(new Parsed(unit, DocTrees.instance(task)));
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable source has no javadoc to give
    }
    return Optional.empty();
  }

  /** The comment as plain text: its description, then its parameters, result and exceptions. */
  static String render(DocCommentTree doc) {
    StringBuilder out = new StringBuilder(text(doc.getFullBody()));
    List<String> params = new ArrayList<>();
    String returns = null;
    List<String> exceptions = new ArrayList<>();
    for (DocTree tag : doc.getBlockTags()) {
      if (tag instanceof ParamTree p && !p.isTypeParameter()) {
        params.add(p.getName().getName() + " - " + text(p.getDescription()));
      } else if (tag instanceof ReturnTree r) {
        returns = text(r.getDescription());
      } else if (tag instanceof ThrowsTree t) {
        exceptions.add(t.getExceptionName().getSignature() + " - " + text(t.getDescription()));
      }
    }
    section(out, "Parameters:", params);
    section(out, "Returns:", returns == null ? List.of() : List.of(returns));
    section(out, "Throws:", exceptions);
    return out.toString().strip();
  }

  private static void section(StringBuilder out, String title, List<String> lines) {
    if (!lines.isEmpty()) {
      out.append("\n\n").append(title);
      lines.forEach(l -> out.append('\n').append(l));
    }
  }

  /**
   * Doc trees as text: tags' words kept, HTML dropped but for paragraphs, list items and {@code
   * <pre>} blocks, whose lines stay as written.
   */
  private static String text(List<? extends DocTree> trees) {
    StringBuilder b = new StringBuilder();
    StringBuilder pre = null;
    for (DocTree t : trees) {
      StringBuilder to = pre != null ? pre : b;
      if (t instanceof TextTree text) {
        to.append(text.getBody());
      } else if (t instanceof LiteralTree literal) {
        String body = literal.getBody().getBody();
        to.append(pre != null ? body : body.strip());
      } else if (t instanceof LinkTree link) {
        to.append(
            link.getLabel().isEmpty()
                ? link.getReference().getSignature().replaceFirst("^#", "").replace('#', '.')
                : text(link.getLabel()));
      } else if (t instanceof EntityTree entity) {
        to.append(entity(entity.getName().toString()));
      } else if (t instanceof StartElementTree start) {
        String name = start.getName().toString().toLowerCase(Locale.ROOT);
        if (name.equals("pre")) {
          pre = new StringBuilder();
        } else {
          to.append(element(name));
        }
      } else if (t instanceof EndElementTree end) {
        if (pre != null && end.getName().contentEquals("pre")) {
          // kept through the blank folding below as characters it leaves alone
          String block = pre.toString().stripIndent().strip();
          b.append('\u0000').append(block.replace('\n', '\u0002').replace(' ', '\u0003'));
          b.append('\u0000');
          pre = null;
        }
      } else {
        to.append(t);
      }
    }
    return b.toString()
        .replaceAll("\\s+", " ")
        .replaceAll(" ?\u0000 ?", "\n\n")
        .replaceAll("(\n\n)+", "\n\n")
        .replaceAll(" ?\u0001 ?", "\n - ")
        .replace('\u0002', '\n')
        .replace('\u0003', ' ')
        .strip();
  }

  /** An HTML start tag: a paragraph or list item mark, a blank for other blocks, else nothing. */
  private static String element(String name) {
    return switch (name) {
      case "p" -> "\u0000";
      case "li" -> "\u0001";
      case "br", "ul", "ol", "table", "tr", "td", "th", "dl", "dt", "dd", "div" -> " ";
      default -> "";
    };
  }

  private static String entity(String name) {
    return switch (name) {
      case "lt" -> "<";
      case "gt" -> ">";
      case "amp" -> "&";
      case "quot" -> "\"";
      default -> " ";
    };
  }
}
