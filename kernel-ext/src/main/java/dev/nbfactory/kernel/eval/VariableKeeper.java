package dev.nbfactory.kernel.eval;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * Keeps variables' values when JShell declares them again. A snippet such as an import can make
 * JShell compile dependent declarations anew, and a variable declared anew starts from its type's
 * default (null, 0) without a word: the next cell then fails far from the cause. The keeper reads
 * each variable's live value before a snippet runs; after it, each variable the snippet's events
 * show declared anew gets its value back when the value still fits the declared type, and the
 * others are named, with the reason.
 */
final class VariableKeeper {
  private VariableKeeper() {}

  /** The live value of every valid variable, by name. */
  static Map<String, Object> read(JShell shell) {
    Map<String, Object> values = new HashMap<>();
    shell
        .variables()
        .filter(v -> shell.status(v) == Snippet.Status.VALID)
        .forEach(
            v -> {
              Field field = CellExecutionControl.variableField(shell, v);
              if (field != null) {
                try {
                  values.put(v.name(), field.get(null));
                } catch (IllegalAccessException e) {
                  // not a field JShell made public: nothing to keep
                }
              }
            });
    return values;
  }

  /**
   * Puts back the values {@code before} held for the variables {@code events} declared anew;
   * returns a line for each variable that could not be kept.
   */
  static List<String> restore(JShell shell, Map<String, Object> before, List<SnippetEvent> events) {
    List<String> lost = new ArrayList<>();
    for (SnippetEvent e : events) {
      if (e.causeSnippet() == null
          || !(e.snippet() instanceof VarSnippet v)
          || !before.containsKey(v.name())) {
        continue;
      }
      Object value = before.get(v.name());
      if (e.status() != Snippet.Status.VALID) {
        lost.add(v.name() + " (its declaration no longer compiles)");
        continue;
      }
      Field field = CellExecutionControl.variableField(shell, v);
      if (value == null || field == null) {
        continue;
      }
      try {
        field.set(null, value);
      } catch (IllegalArgumentException | IllegalAccessException ex) {
        lost.add(
            v.name()
                + " (its "
                + value.getClass().getName()
                + " value does not fit its type "
                + v.typeName()
                + " now)");
      }
    }
    return lost;
  }
}
