package dev.nbfactory.runner.pipeline;

import dev.nbfactory.registry.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jgrapht.graph.SimpleDirectedGraph;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The stages of a pipeline and who feeds whom: stage B depends on stage A when B reads an artifact
 * A writes. Refuses cycles and an artifact with two producers, naming them.
 */
public final class PipelinePlan {
  private final Map<String, StageNotebook> stages;
  private final DirectedAcyclicGraph<String, DefaultEdge> graph;
  private final List<String> order;

  private PipelinePlan(
      Map<String, StageNotebook> stages, DirectedAcyclicGraph<String, DefaultEdge> graph) {
    this.stages = stages;
    this.graph = graph;
    List<String> o = new ArrayList<>();
    new TopologicalOrderIterator<>(graph, java.util.Comparator.<String>naturalOrder())
        .forEachRemaining(o::add);
    this.order = List.copyOf(o);
  }

  /** The notebooks named, folders expanded to the .ipynb files directly in them, sorted. */
  public static List<Path> notebooks(List<Path> dirsOrNotebooks) {
    List<Path> out = new ArrayList<>();
    for (Path p : dirsOrNotebooks) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> files = Files.list(p)) {
          files
              .filter(f -> f.getFileName().toString().endsWith(".ipynb"))
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .sorted()
              .forEach(out::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new InvalidInputException("no notebook or folder at " + p);
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException("no notebooks in " + dirsOrNotebooks);
    }
    return out;
  }

  public static PipelinePlan of(List<StageNotebook> notebooks) {
    Map<String, StageNotebook> stages = new LinkedHashMap<>();
    Map<String, String> producer = new LinkedHashMap<>();
    for (StageNotebook s : notebooks) {
      StageNotebook before = stages.put(s.stage(), s);
      if (before != null) {
        throw new InvalidInputException(
            "two notebooks are stage '"
                + s.stage()
                + "': "
                + before.path()
                + " and "
                + s.path()
                + "; give one of them another name with %stage NAME");
      }
      for (String out : s.outputs()) {
        String other = producer.putIfAbsent(out, s.stage());
        if (other != null && !other.equals(s.stage())) {
          throw new InvalidInputException(
              "artifact '"
                  + out
                  + "' has two producers, stages '"
                  + other
                  + "' and '"
                  + s.stage()
                  + "'; an artifact must come from one stage: rename one of the outputs");
        }
      }
    }
    Graph<String, DefaultEdge> any = new SimpleDirectedGraph<>(DefaultEdge.class);
    stages.keySet().forEach(any::addVertex);
    for (StageNotebook s : stages.values()) {
      for (String in : s.inputs()) {
        String from = producer.get(in);
        if (from != null && !from.equals(s.stage())) {
          any.addEdge(from, s.stage());
        }
      }
    }
    CycleDetector<String, DefaultEdge> cycles = new CycleDetector<>(any);
    if (cycles.detectCycles()) {
      Set<String> inCycle = new LinkedHashSet<>(cycles.findCycles());
      throw new InvalidInputException(
          "the stages "
              + inCycle
              + " form a cycle through the artifacts they read and write; a pipeline must flow"
              + " one way: make one of them read an earlier version (name@N) or split the stage");
    }
    DirectedAcyclicGraph<String, DefaultEdge> dag = new DirectedAcyclicGraph<>(DefaultEdge.class);
    any.vertexSet().forEach(dag::addVertex);
    any.edgeSet().forEach(e -> dag.addEdge(any.getEdgeSource(e), any.getEdgeTarget(e)));
    return new PipelinePlan(stages, dag);
  }

  /** Stage names in an order where every stage comes after those it reads from. */
  public List<String> order() {
    return order;
  }

  public StageNotebook stage(String name) {
    StageNotebook s = stages.get(name);
    if (s == null) {
      throw new InvalidInputException(
          "no stage '" + name + "' in this pipeline; its stages are " + stages.keySet());
    }
    return s;
  }

  /** The stages that read what {@code stage} writes, directly. */
  public Set<String> dependents(String stage) {
    Set<String> out = new LinkedHashSet<>();
    graph.outgoingEdgesOf(stage).forEach(e -> out.add(graph.getEdgeTarget(e)));
    return out;
  }

  /** The stages {@code stage} reads from, directly. */
  public Set<String> dependencies(String stage) {
    Set<String> out = new LinkedHashSet<>();
    graph.incomingEdgesOf(stage).forEach(e -> out.add(graph.getEdgeSource(e)));
    return out;
  }

  /** {@code stage} and everything downstream of it. */
  public Set<String> fromStage(String stage) {
    stage(stage);
    Set<String> out = new LinkedHashSet<>();
    out.add(stage);
    out.addAll(graph.getDescendants(stage));
    return out;
  }
}
