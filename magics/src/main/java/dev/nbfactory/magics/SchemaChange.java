package dev.nbfactory.magics;

import dev.nbfactory.registry.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a table's columns changed between two versions: columns added, removed, and retyped (same
 * name, another type). Column order is not compared.
 */
public record SchemaChange(List<Column> added, List<Column> removed, List<Retyped> retyped) {

  /** A column whose type changed. */
  public record Retyped(String name, String from, String to) {}

  public SchemaChange {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    retyped = List.copyOf(retyped);
  }

  public static SchemaChange between(List<Column> before, List<Column> after) {
    Map<String, String> old = new LinkedHashMap<>();
    before.forEach(c -> old.put(c.name(), c.type()));
    Map<String, String> now = new LinkedHashMap<>();
    after.forEach(c -> now.put(c.name(), c.type()));
    List<Column> added = new ArrayList<>();
    List<Retyped> retyped = new ArrayList<>();
    now.forEach(
        (name, type) -> {
          String was = old.get(name);
          if (was == null) {
            added.add(new Column(name, type));
          } else if (!was.equals(type)) {
            retyped.add(new Retyped(name, was, type));
          }
        });
    List<Column> removed = new ArrayList<>();
    old.forEach(
        (name, type) -> {
          if (!now.containsKey(name)) {
            removed.add(new Column(name, type));
          }
        });
    return new SchemaChange(added, removed, retyped);
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && retyped.isEmpty();
  }

  /** One line, such as {@code added tenure (INTEGER); removed plan (STRING); retyped ...}. */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) {
      parts.add("added " + columns(added));
    }
    if (!removed.isEmpty()) {
      parts.add("removed " + columns(removed));
    }
    if (!retyped.isEmpty()) {
      List<String> items = new ArrayList<>();
      retyped.forEach(r -> items.add(r.name() + " (" + r.from() + " -> " + r.to() + ")"));
      parts.add("retyped " + String.join(", ", items));
    }
    return String.join("; ", parts);
  }

  private static String columns(List<Column> columns) {
    List<String> items = new ArrayList<>();
    columns.forEach(c -> items.add(c.name() + " (" + c.type() + ")"));
    return String.join(", ", items);
  }
}
