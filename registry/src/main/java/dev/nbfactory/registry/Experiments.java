package dev.nbfactory.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The experiments of a registry, from {@link Registry#experiments()}: a named grid of parameter
 * sets run over a pipeline, and its members, each with its parameters, the run of each stage it
 * needed and how it ended. Running a grid under a name again replaces the experiment's grid and
 * members; the runs stay.
 */
public final class Experiments {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> TEXT_MAP =
      new TypeReference<>() {};

  private final Database database;
  private final Clock clock;

  /** One experiment: its grid as JSON, and its members in order. */
  public record Experiment(
      String name,
      String pipeline,
      String grid,
      String pipelineRun,
      Instant createdAt,
      String createdBy,
      List<Member> members) {}

  /**
   * A member of an experiment.
   *
   * @param index its position in the grid, from 1
   * @param parameters {@code STAGE.NAME} to the value as given
   * @param runs each stage to the run that made its part
   * @param status RUNNING until the grid finishes it, then SUCCEEDED or FAILED
   */
  public record Member(
      int index, Map<String, String> parameters, Map<String, String> runs, String status) {}

  Experiments(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * Records an experiment about to run, its members RUNNING with no runs yet; replaces an earlier
   * experiment of the same name.
   */
  public Experiment start(
      String name,
      String pipeline,
      String grid,
      String pipelineRun,
      List<Map<String, String>> memberParameters,
      String user) {
    ArtifactNames.validateStage(name);
    long now = clock.millis();
    database.write(
        c -> {
          Jdbc.update(c, "DELETE FROM experiment_members WHERE experiment = ?", name);
          Jdbc.update(c, "DELETE FROM experiments WHERE name = ?", name);
          Jdbc.update(
              c,
              "INSERT INTO experiments (name, pipeline, grid, pipeline_run, created_at, created_by)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              name,
              pipeline,
              grid,
              pipelineRun,
              now,
              user);
          int index = 0;
          for (Map<String, String> parameters : memberParameters) {
            Jdbc.update(
                c,
                "INSERT INTO experiment_members (experiment, member, parameters, runs, status)"
                    + " VALUES (?, ?, ?, ?, ?)",
                name,
                ++index,
                write(parameters),
                write(Map.of()),
                "RUNNING");
          }
          return null;
        });
    return get(name);
  }

  /** Records how member {@code index} ended and the run of each of its stages. */
  public void finishMember(String name, int index, String status, Map<String, String> runs) {
    int changed =
        database.write(
            c ->
                Jdbc.update(
                    c,
                    "UPDATE experiment_members SET status = ?, runs = ?"
                        + " WHERE experiment = ? AND member = ?",
                    status,
                    write(runs),
                    name,
                    index));
    if (changed == 0) {
      throw new NotFoundException("experiment " + name + " has no member " + index);
    }
  }

  public Optional<Experiment> find(String name) {
    return database.read(c -> find(c, name));
  }

  /** The experiment; a {@link NotFoundException} listing the names there are when there is none. */
  public Experiment get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new NotFoundException(
                    "no experiment '"
                        + name
                        + "'; "
                        + (names().isEmpty()
                            ? "none is recorded yet: run 'factory pipeline run DIR --grid ...'"
                            : "there are " + String.join(", ", names()))));
  }

  /** Every experiment, newest first. */
  public List<Experiment> list() {
    return database.read(
        c -> {
          List<String> names =
              Jdbc.query(
                  c,
                  "SELECT name FROM experiments ORDER BY created_at DESC, name",
                  rs -> rs.getString(1));
          List<Experiment> out = new java.util.ArrayList<>();
          for (String name : names) {
            find(c, name).ifPresent(out::add);
          }
          return out;
        });
  }

  private List<String> names() {
    return database.read(
        c -> Jdbc.query(c, "SELECT name FROM experiments ORDER BY name", rs -> rs.getString(1)));
  }

  private static Optional<Experiment> find(Connection c, String name) throws SQLException {
    List<Member> members =
        Jdbc.query(
            c,
            "SELECT member, parameters, runs, status FROM experiment_members"
                + " WHERE experiment = ? ORDER BY member",
            rs ->
                new Member(
                    rs.getInt(1), read(rs.getString(2)), read(rs.getString(3)), rs.getString(4)),
            name);
    return Jdbc.queryOne(
        c,
        "SELECT name, pipeline, grid, pipeline_run, created_at, created_by FROM experiments"
            + " WHERE name = ?",
        rs ->
            new Experiment(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)),
                rs.getString(6),
                members),
        name);
  }

  private static String write(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new RegistryException("cannot encode an experiment's parameters", e);
    }
  }

  private static Map<String, String> read(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return java.util.Collections.unmodifiableMap(JSON.readValue(json, TEXT_MAP));
    } catch (JsonProcessingException e) {
      throw new RegistryException("registry holds malformed JSON: " + e.getOriginalMessage(), e);
    }
  }
}
