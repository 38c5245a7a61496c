package dev.nbfactory.runner.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * The stage runs a grid needs: one task per stage and member, merged when two members would run a
 * stage with the same parameters (as recorded) after the same upstream tasks. So a stage upstream
 * of every grid parameter is one task for all members, and the members' own stages hang off it.
 */
public final class GridPlan {
  private final List<Task> tasks;
  private final List<Map<String, Task>> byMember;

  /**
   * One stage run the grid needs.
   *
   * @param given the parameters as given ({@code -p} and the grid), in command-line text
   * @param dependsOn the tasks whose outputs it reads
   * @param members the members (from 0) that need it
   */
  public record Task(
      int index,
      StageNotebook notebook,
      Map<String, String> given,
      Set<Task> dependsOn,
      Set<Integer> members) {
    public String stage() {
      return notebook.stage();
    }

    /** Shared by more than one member. */
    public boolean shared() {
      return members.size() > 1;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Task t && t.index == index;
    }

    @Override
    public int hashCode() {
      return index;
    }

    @Override
    public String toString() {
      return stage()
          + (shared() ? " (shared)" : " [member " + (members.iterator().next() + 1) + "]");
    }
  }

  private GridPlan(List<Task> tasks, List<Map<String, Task>> byMember) {
    this.tasks = tasks;
    this.byMember = byMember;
  }

  /**
   * @param selected the stages to run, all when null
   * @param members each member's parameters, stage to name to text
   * @param recorded a stage's parameters as its run would record them, given those in text
   */
  public static GridPlan of(
      PipelinePlan plan,
      Set<String> selected,
      List<Map<String, Map<String, String>>> members,
      BiFunction<StageNotebook, Map<String, String>, Map<String, String>> recorded) {
    Map<String, Task> byKey = new LinkedHashMap<>();
    Map<String, Set<Integer>> membersOf = new LinkedHashMap<>();
    List<Map<String, String>> keysByMember = new ArrayList<>();
    for (int m = 0; m < members.size(); m++) {
      keysByMember.add(new LinkedHashMap<>());
    }
    List<String> stages =
        plan.order().stream().filter(s -> selected == null || selected.contains(s)).toList();
    for (String stage : stages) {
      StageNotebook notebook = plan.stage(stage);
      for (int m = 0; m < members.size(); m++) {
        Map<String, String> given = members.get(m).getOrDefault(stage, Map.of());
        Set<Task> deps = new LinkedHashSet<>();
        for (String d : plan.dependencies(stage)) {
          String depKey = keysByMember.get(m).get(d);
          if (depKey != null) {
            deps.add(byKey.get(depKey));
          }
        }
        String key =
            stage
                + "\u0000"
                + new TreeMap<>(recorded.apply(notebook, given))
                + "\u0000"
                + new TreeSet<>(deps.stream().map(Task::index).toList());
        Task task = byKey.get(key);
        if (task == null) {
          Set<Integer> who = new TreeSet<>();
          task =
              new Task(
                  byKey.size(),
                  notebook,
                  Collections.unmodifiableMap(new LinkedHashMap<>(given)),
                  Collections.unmodifiableSet(deps),
                  Collections.unmodifiableSet(who));
          byKey.put(key, task);
          membersOf.put(key, who);
        }
        membersOf.get(key).add(m);
        keysByMember.get(m).put(stage, key);
      }
    }
    List<Map<String, Task>> byMember = new ArrayList<>();
    for (Map<String, String> keys : keysByMember) {
      Map<String, Task> tasksOfMember = new LinkedHashMap<>();
      keys.forEach((stage, key) -> tasksOfMember.put(stage, byKey.get(key)));
      byMember.add(Collections.unmodifiableMap(tasksOfMember));
    }
    return new GridPlan(List.copyOf(byKey.values()), List.copyOf(byMember));
  }

  /** Every task, each after the tasks it depends on. */
  public List<Task> tasks() {
    return tasks;
  }

  /** Member {@code m}'s task of each stage, in pipeline order. */
  public Map<String, Task> member(int m) {
    return byMember.get(m);
  }

  public int memberCount() {
    return byMember.size();
  }
}
