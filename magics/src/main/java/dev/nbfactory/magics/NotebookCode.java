package dev.nbfactory.magics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a cell's code says about its stage, read without running it: the one reader of notebook code
 * for the pipeline graph, the kernel's cell hook and {@code factory new}. The rule, also in the
 * README:
 *
 * <ul>
 *   <li>magics, at the start of a line: {@code %stage NAME}, {@code %input REF [as VAR]}, {@code
 *       %output VAR as NAME}, and {@code %%params} at the start of the cell;
 *   <li>calls with a whole string literal as their first argument: {@code Factory.stage("NAME")},
 *       {@code Factory.input|table|model|path("REF")}, {@code Factory.tableIfPresent("REF")} (an
 *       optional input), {@code Factory.output("NAME", ...)}, {@code Factory.file|csv("PATH")}, and
 *       {@code Gate.on("MODEL")} (the gate reads the model's versions).
 * </ul>
 *
 * Comments and the insides of string literals and text blocks are never read as code. A name
 * computed at run time, even in part ({@code Factory.table("sales@" + v)}), is not a reference: the
 * registry still records what the stage reads when it runs.
 */
public final class NotebookCode {
  /** What a reference names. */
  public enum Kind {
    STAGE,
    INPUT,
    /** Read only once a version exists ({@code Factory.tableIfPresent}); absent is fine. */
    OPTIONAL_INPUT,
    OUTPUT,
    FILE
  }

  /**
   * A stage, an artifact read or written, or a raw file, as written.
   *
   * @param name the stage name, the input reference ({@code name@3}), the output name or the path
   */
  public record Reference(Kind kind, String name) {}

  /**
   * A line magic at the start of a line (or {@code %%params} at the start of the cell).
   *
   * @param name {@code stage}, {@code input}, ...; {@code %params} for the cell magic
   * @param arguments the rest of its line, trimmed
   * @param start offset of the first {@code %}
   * @param end offset of the end of its line
   */
  public record Magic(String name, String arguments, int start, int end) {}

  /** The calls that name what a stage reads or writes, by receiver, then by method. */
  private static final Map<String, Map<String, Kind>> CALLS =
      Map.of(
          "Factory",
          Map.of(
              "stage", Kind.STAGE,
              "input", Kind.INPUT,
              "table", Kind.INPUT,
              "model", Kind.INPUT,
              "path", Kind.INPUT,
              "tableIfPresent", Kind.OPTIONAL_INPUT,
              "output", Kind.OUTPUT,
              "file", Kind.FILE,
              "csv", Kind.FILE),
          "Gate",
          Map.of("on", Kind.INPUT));

  private final List<Reference> references;
  private final List<Magic> magics;

  private NotebookCode(List<Reference> references, List<Magic> magics) {
    this.references = List.copyOf(references);
    this.magics = List.copyOf(magics);
  }

  /** Reads one cell's source (or several, joined by newlines). */
  public static NotebookCode read(String source) {
    String code = source == null ? "" : source;
    List<JavaTokens.Token> tokens = new JavaTokens(code, true).tokens();
    List<Reference> references = new ArrayList<>();
    List<Magic> magics = new ArrayList<>();
    for (int t = 0; t < tokens.size(); t++) {
      JavaTokens.Token token = tokens.get(t);
      if (token.is("%") && atLineStart(code, token.start())) {
        Magic magic = magic(code, tokens, t);
        if (magic != null) {
          magics.add(magic);
          magicReference(magic).ifPresent(references::add);
          while (t + 1 < tokens.size() && tokens.get(t + 1).start() < magic.end()) {
            t++; // the magic's arguments are not Java
          }
        }
      } else if (token.kind() == JavaTokens.Kind.IDENT
          && CALLS.containsKey(token.text())
          && t + 4 < tokens.size()) {
        Map<String, Kind> calls = CALLS.get(token.text());
        JavaTokens.Token method = tokens.get(t + 2);
        JavaTokens.Token argument = tokens.get(t + 4);
        JavaTokens.Token after = t + 5 < tokens.size() ? tokens.get(t + 5) : null;
        if (tokens.get(t + 1).is(".")
            && method.kind() == JavaTokens.Kind.IDENT
            && calls.containsKey(method.text())
            && tokens.get(t + 3).is("(")
            && argument.kind() == JavaTokens.Kind.STRING
            && after != null
            && (after.is(")") || after.is(","))
            && !(method.text().equals("output") && after.is(")"))) {
          references.add(new Reference(calls.get(method.text()), (String) argument.value()));
        }
      }
    }
    return new NotebookCode(references, magics);
  }

  private static boolean atLineStart(String code, int at) {
    for (int i = at - 1; i >= 0 && code.charAt(i) != '\n'; i--) {
      if (!Character.isWhitespace(code.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The magic starting at token {@code t} ({@code %name} or {@code %%name}), or null. */
  private static Magic magic(String code, List<JavaTokens.Token> tokens, int t) {
    JavaTokens.Token first = tokens.get(t);
    int next = t + 1;
    String prefix = "";
    if (next < tokens.size()
        && tokens.get(next).is("%")
        && tokens.get(next).start() == first.end()) {
      prefix = "%";
      next++;
    }
    if (next >= tokens.size()
        || tokens.get(next).kind() != JavaTokens.Kind.IDENT
        || tokens.get(next).start() != tokens.get(next - 1).end()) {
      return null;
    }
    JavaTokens.Token name = tokens.get(next);
    if (!prefix.isEmpty() && !code.substring(0, first.start()).isBlank()) {
      return null; // a cell magic only starts a cell
    }
    int end = code.indexOf('\n', name.end());
    end = end < 0 ? code.length() : end;
    return new Magic(
        prefix + name.text(), code.substring(name.end(), end).strip(), first.start(), end);
  }

  private static Optional<Reference> magicReference(Magic magic) {
    String[] words = magic.arguments().isEmpty() ? new String[0] : magic.arguments().split("\\s+");
    return switch (magic.name()) {
      case "stage" ->
          words.length > 0 ? Optional.of(new Reference(Kind.STAGE, words[0])) : Optional.empty();
      case "input" ->
          words.length > 0 ? Optional.of(new Reference(Kind.INPUT, words[0])) : Optional.empty();
      case "output" ->
          words.length == 3 && words[1].equals("as")
              ? Optional.of(new Reference(Kind.OUTPUT, words[2]))
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  /** Every reference, in the order written. */
  public List<Reference> references() {
    return references;
  }

  /** Every magic, in the order written. */
  public List<Magic> magics() {
    return magics;
  }

  /** The first magic named {@code name} ({@code stage}, {@code %params} ...). */
  public Optional<Magic> magic(String name) {
    return magics.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** The first stage named, by {@code %stage} or {@code Factory.stage}. */
  public Optional<String> stage() {
    return references.stream().filter(r -> r.kind() == Kind.STAGE).map(Reference::name).findFirst();
  }

  /** The names of the references of one kind, each once, in the order written. */
  public Set<String> names(Kind kind) {
    Set<String> out = new LinkedHashSet<>();
    references.stream().filter(r -> r.kind() == kind).forEach(r -> out.add(r.name()));
    return out;
  }
}
