package dev.nbfactory.runner.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.InvalidInputException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The parameter sets of an experiment, each a map of {@code STAGE.NAME} to a value in command-line
 * text, as {@code -p} takes it: the cross product of {@code --grid STAGE.NAME=A,B,C} lists, times
 * the explicit combinations of a {@code --grid-file} (a YAML list of mappings). Values stay text
 * here; the stage's parameter cell types them, through the one translator {@code -p} goes through.
 */
public record Grid(Map<String, List<String>> axes, List<Map<String, String>> members) {
  /** More members than a machine runs in a night; a typo guard ({@code --grid a=1,...,1000}). */
  public static final int MAX_MEMBERS = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  public Grid {
    axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
    members =
        members.stream()
            .map(m -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m)))
            .toList();
  }

  /**
   * The grid of {@code --grid} options and the text of a {@code --grid-file} (null when none).
   *
   * @param fileName how to name the file in messages
   */
  public static Grid parse(List<String> gridOptions, String fileText, String fileName) {
    Map<String, List<String>> axes = new LinkedHashMap<>();
    for (String option : gridOptions) {
      int eq = option.indexOf('=');
      if (eq <= 0) {
        throw new InvalidInputException(
            "--grid "
                + option
                + ": give STAGE.NAME=V1,V2,..., such as --grid train.epochs=10,20,40");
      }
      String key = checkKey(option.substring(0, eq).strip(), "--grid " + option);
      List<String> values = List.of(option.substring(eq + 1).split(",", -1));
      if (values.stream().anyMatch(String::isEmpty)) {
        throw new InvalidInputException(
            "--grid "
                + option
                + ": a value is empty; separate values with single commas, and put a value that"
                + " holds a comma or is empty in a --grid-file");
      }
      if (new LinkedHashSet<>(values).size() != values.size()) {
        throw new InvalidInputException(
            "--grid " + option + ": a value is given twice; give each value once");
      }
      if (axes.put(key, values) != null) {
        throw new InvalidInputException(
            "--grid "
                + key
                + " is given twice; give all its values in one --grid, comma-separated");
      }
    }
    List<Map<String, String>> base =
        fileText == null ? List.of(Map.of()) : combinations(fileText, fileName);
    List<Map<String, String>> members = new ArrayList<>();
    for (Map<String, String> combination : base) {
      for (String key : axes.keySet()) {
        if (combination.containsKey(key)) {
          throw new InvalidInputException(
              key + " is both in " + fileName + " and in --grid; give each parameter in one place");
        }
      }
      product(new ArrayList<>(axes.entrySet()), 0, new LinkedHashMap<>(combination), members);
      if (members.size() > MAX_MEMBERS) {
        throw new InvalidInputException(
            "the grid has more than " + MAX_MEMBERS + " members; give fewer values");
      }
    }
    if (members.isEmpty() || (axes.isEmpty() && fileText == null)) {
      throw new InvalidInputException(
          "the grid is empty: give --grid STAGE.NAME=V1,V2 or a --grid-file with combinations");
    }
    return new Grid(axes, members);
  }

  private static void product(
      List<Map.Entry<String, List<String>>> axes,
      int at,
      Map<String, String> sofar,
      List<Map<String, String>> out) {
    if (at == axes.size()) {
      out.add(new LinkedHashMap<>(sofar));
      return;
    }
    for (String value : axes.get(at).getValue()) {
      sofar.put(axes.get(at).getKey(), value);
      product(axes, at + 1, sofar, out);
    }
    sofar.remove(axes.get(at).getKey());
  }

  /** A YAML list of mappings, {@code - {train.algorithm: cart, train.maxDepth: 4}}, values text. */
  static List<Map<String, String>> combinations(String yaml, String fileName) {
    String example = "such as\n- train.algorithm: cart\n  train.maxDepth: 4";
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    } catch (YAMLException e) {
      throw new InvalidInputException(
          fileName + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (!(root instanceof SequenceNode list) || list.getValue().isEmpty()) {
      throw new InvalidInputException(
          fileName + " must be a YAML list of combinations, one mapping each, " + example);
    }
    List<Map<String, String>> out = new ArrayList<>();
    Set<Map<String, String>> seen = new LinkedHashSet<>();
    int index = 0;
    for (Node item : list.getValue()) {
      index++;
      String where = fileName + ", combination " + index;
      if (!(item instanceof MappingNode map) || map.getValue().isEmpty()) {
        throw new InvalidInputException(
            where + " is not a mapping of STAGE.NAME to a value, " + example);
      }
      Map<String, String> combination = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)) {
          throw new InvalidInputException(where + ": a key is not a plain STAGE.NAME");
        }
        String key = checkKey(k.getValue().strip(), where);
        if (!(t.getValueNode() instanceof ScalarNode v)) {
          throw new InvalidInputException(
              where
                  + ": the value of "
                  + key
                  + " is a list or mapping; give one value (a list of values is a --grid)");
        }
        if (combination.put(key, v.getValue()) != null) {
          throw new InvalidInputException(where + ": " + key + " is given twice");
        }
      }
      if (!seen.add(combination)) {
        throw new InvalidInputException(where + " repeats an earlier combination; remove one");
      }
      out.add(combination);
    }
    return out;
  }

  private static String checkKey(String key, String where) {
    int dot = key.lastIndexOf('.');
    if (dot <= 0 || dot == key.length() - 1) {
      throw new InvalidInputException(
          where + ": name the stage and the parameter, as STAGE.NAME (such as train.epochs)");
    }
    return key;
  }

  /** The stage of a {@code STAGE.NAME} key. */
  public static String stageOf(String key) {
    return key.substring(0, key.lastIndexOf('.'));
  }

  /** The parameter name of a {@code STAGE.NAME} key. */
  public static String nameOf(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }

  /** Member {@code index} (from 0) as stage to parameter name to text. */
  public Map<String, Map<String, String>> byStage(int index) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    members
        .get(index)
        .forEach(
            (k, v) ->
                out.computeIfAbsent(stageOf(k), s -> new LinkedHashMap<>()).put(nameOf(k), v));
    return out;
  }

  /** The grid as the registry keeps it: its axes and its members' parameters. */
  public String json() {
    ObjectNode node = JSON.createObjectNode();
    ObjectNode a = node.putObject("axes");
    axes.forEach(
        (k, values) -> {
          ArrayNode list = a.putArray(k);
          values.forEach(list::add);
        });
    ArrayNode m = node.putArray("members");
    for (Map<String, String> member : members) {
      ObjectNode o = m.addObject();
      new java.util.TreeMap<>(member).forEach(o::put);
    }
    return node.toString();
  }
}
