package dev.nbfactory.runner.params;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Resolves YAML's anchors and aliases as YAML says ({@code name: *b} is the value anchored as
 * {@code &b}), before the parameters are read: Jackson's reader would give the alias's name
 * instead. An alias to nothing is an error. Each scalar keeps its text and style, so values are
 * typed as before.
 */
final class YamlAliases {
  /** More nodes than any parameters file needs; a guard against alias bombs. */
  private static final int MAX_NODES = 100_000;

  private YamlAliases() {}

  /** The same document with every alias replaced by a copy of what it names. */
  static String expand(String yaml, String source) {
    if (yaml.indexOf('*') < 0 && yaml.indexOf('&') < 0) {
      return yaml; // no alias can be there: the text is read as it is
    }
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
    } catch (YAMLException e) {
      throw new ParameterException(
          source + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null) {
      return yaml;
    }
    int[] count = {0};
    Node copy = copy(root, count, Collections.newSetFromMap(new IdentityHashMap<>()), source);
    StringWriter out = new StringWriter();
    new Yaml(new DumperOptions()).serialize(copy, out);
    return out.toString();
  }

  /**
   * A copy of {@code node}; {@code open} holds the collections being copied around it, so an alias
   * to one of them ({@code &a [*a]}, which SnakeYAML composes as a list holding itself) is refused
   * instead of copied until the stack overflows.
   */
  private static Node copy(Node node, int[] count, Set<Node> open, String source) {
    if (++count[0] > MAX_NODES) {
      throw new ParameterException(
          source + " expands to more than " + MAX_NODES + " values through its aliases");
    }
    if (node instanceof ScalarNode s) {
      return new ScalarNode(s.getTag(), s.getValue(), null, null, s.getScalarStyle());
    }
    if (!open.add(node)) {
      throw new ParameterException(
          source + " has an alias inside the value it names, which would never end");
    }
    Node copy;
    if (node instanceof SequenceNode s) {
      List<Node> items = new ArrayList<>();
      for (Node item : s.getValue()) {
        items.add(copy(item, count, open, source));
      }
      copy = new SequenceNode(s.getTag(), items, s.getFlowStyle());
    } else {
      MappingNode m = (MappingNode) node;
      List<NodeTuple> tuples = new ArrayList<>();
      for (NodeTuple t : m.getValue()) {
        tuples.add(
            new NodeTuple(
                copy(t.getKeyNode(), count, open, source),
                copy(t.getValueNode(), count, open, source)));
      }
      copy = new MappingNode(m.getTag(), tuples, m.getFlowStyle());
    }
    open.remove(node);
    return copy;
  }
}
