package dev.nbfactory.kernel.eval;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;

/**
 * Answers questions about code without running it, from JShell's source analysis: completions,
 * documentation, and whether a cell is complete. Each works on the snippet the cursor is in.
 */
final class CodeAnalysis {
  private final SourceCodeAnalysis analysis;
  private final SourceJavadoc sources;

  CodeAnalysis(SourceCodeAnalysis analysis, SourceJavadoc sources) {
    this.analysis = analysis;
    this.sources = sources;
  }

  /** Completion candidates at {@code cursor}. */
  JShellEvaluator.Completion complete(String code, int cursor) {
    Unit unit = unitAt(code, cursor);
    int[] anchor = new int[1];
    List<SourceCodeAnalysis.Suggestion> suggestions =
        analysis.completionSuggestions(unit.text, cursor - unit.start, anchor);
    Set<String> matches = new LinkedHashSet<>();
    suggestions.stream()
        .filter(SourceCodeAnalysis.Suggestion::matchesType)
        .forEach(s -> matches.add(s.continuation()));
    suggestions.forEach(s -> matches.add(s.continuation()));
    return new JShellEvaluator.Completion(List.copyOf(matches), unit.start + anchor[0], cursor);
  }

  /** Signature and javadoc of what is at {@code cursor}, if JShell knows it. */
  Optional<String> inspect(String code, int cursor) {
    int c = Math.max(0, Math.min(cursor, code.length()));
    int end = c;
    while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
      end++;
    }
    if (end == c) {
      // The cursor may follow the name, or follow "(" after it.
      int back = c;
      while (back > 0
          && (code.charAt(back - 1) == '(' || Character.isWhitespace(code.charAt(back - 1)))) {
        back--;
      }
      end = back;
    }
    Unit unit = unitAt(code, end);
    String text = code.substring(unit.start, end);
    List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(text, text.length(), true);
    if (docs.isEmpty()) {
      docs = analysis.documentation(text + "(", text.length() + 1, true);
    }
    if (docs.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    for (SourceCodeAnalysis.Documentation d : docs) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(d.signature());
      Optional<String> javadoc =
          d.javadoc() != null && !d.javadoc().isBlank()
              ? Optional.of(d.javadoc())
              : sources.find(d.signature());
      javadoc.ifPresent(j -> out.append('\n').append(j.strip()).append('\n'));
    }
    return Optional.of(out.toString());
  }

  /**
   * Jupyter's {@code is_complete} status of {@code code}: {@code complete}, {@code incomplete} or
   * {@code invalid}.
   */
  String isComplete(String code) {
    String remaining = code;
    while (true) {
      CompletionInfo info = analysis.analyzeCompletion(remaining);
      switch (info.completeness()) {
        case EMPTY:
          return "complete";
        case COMPLETE:
        case COMPLETE_WITH_SEMI:
          remaining = info.remaining();
          if (remaining.isBlank()) {
            return "complete";
          }
          break;
        case DEFINITELY_INCOMPLETE:
        case CONSIDERED_INCOMPLETE:
          return "incomplete";
        default:
          return "invalid";
      }
    }
  }

  /** A run of source that JShell sees as one snippet, and where it starts in the cell. */
  private record Unit(int start, String text) {}

  private Unit unitAt(String code, int cursor) {
    String remaining = code;
    while (true) {
      int start = code.length() - remaining.length();
      CompletionInfo info = analysis.analyzeCompletion(remaining);
      Completeness completeness = info.completeness();
      if (completeness == Completeness.EMPTY
          || !completeness.isComplete()
          || completeness == Completeness.UNKNOWN) {
        return new Unit(start, remaining);
      }
      int end = code.length() - info.remaining().length();
      if (cursor <= end || info.remaining().isBlank()) {
        return new Unit(
            start, code.substring(start, Math.max(end, Math.min(cursor, code.length()))));
      }
      remaining = info.remaining();
    }
  }
}
