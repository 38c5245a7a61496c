package dev.nbfactory.kernel.eval;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.VarSnippet;

/**
 * Clears the values that replaced variables leave behind. With local execution a variable is a
 * static field of its snippet's class, and JShell's one class loader keeps every class it loaded: a
 * variable declared anew (a new {@code byte[] a = ...}, or {@code a} recompiled after an import)
 * lives in a new class, and the old class's field would hold the old value for the kernel's life.
 * This keeps the field that holds each variable now, and sets the field a variable leaves to null.
 *
 * <p>Code compiled against the old declaration (an object of an older cell's class still reading
 * the replaced {@code a}) sees null afterwards, as the variable it read no longer exists.
 */
final class VariableFields {
  private final JShell shell;
  private final Map<VarSnippet, Field> current = new HashMap<>();

  VariableFields(JShell shell) {
    this.shell = shell;
  }

  /**
   * Follows the variables that {@code events} (of an eval or a drop) declared, replaced or ended.
   */
  void update(List<SnippetEvent> events) {
    List<Field> left = new ArrayList<>();
    for (SnippetEvent e : events) {
      if (!(e.snippet() instanceof VarSnippet v)) {
        continue;
      }
      Snippet.Status status = shell.status(v);
      Field before;
      if (status == Snippet.Status.VALID) {
        Field now = CellExecutionControl.variableField(shell, v);
        before = now == null ? current.remove(v) : current.put(v, now);
      } else if (status.isActive()) {
        continue; // recoverable: it waits for a declaration it needs, and may come back
      } else {
        before = current.remove(v); // overwritten, dropped or rejected
      }
      if (before != null) {
        left.add(before);
      }
    }
    // Unchanged source can reuse the old class: a field that still holds a variable stays.
    left.removeAll(current.values());
    left.forEach(VariableFields::clear);
  }

  /**
   * Clears every variable's field, for a JShell about to close. Its class loader goes only when
   * nothing holds the JShell: JShell's background completion indexer holds it until it has walked
   * the class path, seconds on a busy machine, and the values must not wait for that.
   */
  void clearAll() {
    current.values().forEach(VariableFields::clear);
    current.clear();
  }

  private static void clear(Field field) {
    if (field.getType().isPrimitive() || Modifier.isFinal(field.getModifiers())) {
      return;
    }
    try {
      field.set(null, null);
    } catch (IllegalAccessException | RuntimeException e) {
      // not a field JShell made settable: nothing to release
    }
  }
}
