package dev.nbfactory.runner.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.FactoryException;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.RunKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What a parent (a pipeline, the scheduler, a Kubernetes CronJob) asks of the {@code factory run}
 * it starts, beyond the command line: how the run is recorded and what it owes its parent. It
 * travels as one JSON value in {@value #ENV}, written by {@link #toEnvironment} and read by {@link
 * #fromEnvironment}, and nowhere else.
 *
 * @param kind how the run is recorded
 * @param parentRun the run this one belongs to: its pipeline's run, or the previous attempt
 * @param schedule the schedule that fired it, or null
 * @param nominalTime when the firing was due, or null
 * @param claimFiring whether this run claims the firing (its first attempt): a second claim of the
 *     same firing runs nothing and exits {@link ExitCode#FIRING_TAKEN}
 * @param attempt which attempt of the firing this is; 0 when not scheduled
 * @param trigger what fired it (cron, on-new, on-new-file ...), recorded as a run tag
 * @param recovered whether it takes over a firing a dead scheduler node left
 * @param runIdFile where to write the run's id as soon as it is opened, or null
 * @param watchParent stop, and mark the run LOST, when the parent process dies
 * @param heartbeat how often the run says it is alive
 */
public record RunContract(
    RunKind kind,
    String parentRun,
    String schedule,
    Instant nominalTime,
    boolean claimFiring,
    int attempt,
    String trigger,
    boolean recovered,
    Path runIdFile,
    boolean watchParent,
    Duration heartbeat) {

  /** The one environment variable the contract travels in. */
  public static final String ENV = "FACTORY_RUN_CONTRACT";

  /** How often a headless run says it is alive, unless its parent asks otherwise. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A run started by hand: {@code factory run} at a terminal, or a team's test. */
  public static RunContract headless() {
    return new RunContract(
        RunKind.HEADLESS, null, null, null, false, 0, null, false, null, false, HEARTBEAT);
  }

  /** A stage run by the pipeline run {@code pipelineRun}. */
  public static RunContract pipelineStage(String pipelineRun) {
    return headless().withParentRun(pipelineRun);
  }

  /**
   * A run of schedule {@code name} by a scheduler that is not ours (a Kubernetes CronJob): recorded
   * as scheduled, with no firing to claim.
   */
  public static RunContract scheduledElsewhere(String name) {
    return new RunContract(
        RunKind.SCHEDULED, null, name, null, false, 0, null, false, null, false, HEARTBEAT);
  }

  /**
   * Attempt {@code attempt} of schedule {@code name}'s firing due at {@code due}, started by our
   * scheduler, which watches it through {@code runIdFile} and wants it to stop when it dies.
   */
  public static RunContract firing(
      String name,
      Instant due,
      int attempt,
      boolean claim,
      String parentRun,
      String trigger,
      boolean recovered,
      Path runIdFile,
      Duration heartbeat) {
    return new RunContract(
        RunKind.SCHEDULED,
        parentRun,
        name,
        due,
        claim,
        attempt,
        trigger,
        recovered,
        runIdFile,
        true,
        heartbeat);
  }

  public RunContract withParentRun(String run) {
    return new RunContract(
        kind,
        run,
        schedule,
        nominalTime,
        claimFiring,
        attempt,
        trigger,
        recovered,
        runIdFile,
        watchParent,
        heartbeat);
  }

  /** The environment a child needs to honour this contract. */
  public Map<String, String> toEnvironment() {
    return Map.of(ENV, json(nominalTime == null ? null : nominalTime.toString()));
  }

  /**
   * The contract of a run of schedule {@code name} that another scheduler fires (Airflow), as the
   * text of {@value #ENV}, with {@code nominalTimeTemplate} where the firing's time goes: the other
   * scheduler fills it in (such as Jinja's {@code {{ data_interval_end.isoformat() }}}). It claims
   * the firing, as our own scheduler's first attempt does.
   */
  public static String claimingTemplate(String name, String nominalTimeTemplate) {
    return new RunContract(
            RunKind.SCHEDULED, null, name, null, true, 0, null, false, null, false, HEARTBEAT)
        .json(nominalTimeTemplate);
  }

  private String json(String nominal) {
    ObjectNode node = JSON.createObjectNode();
    node.put("kind", kind.name());
    putIfSet(node, "parentRun", parentRun);
    putIfSet(node, "schedule", schedule);
    putIfSet(node, "nominalTime", nominal);
    node.put("claimFiring", claimFiring);
    node.put("attempt", attempt);
    putIfSet(node, "trigger", trigger);
    node.put("recovered", recovered);
    putIfSet(node, "runIdFile", runIdFile == null ? null : runIdFile.toString());
    node.put("watchParent", watchParent);
    node.put("heartbeatMillis", heartbeat.toMillis());
    return node.toString();
  }

  /**
   * The contract {@code env} carries, or {@link #headless()} when it carries none.
   *
   * @throws FactoryException when {@value #ENV} is not a contract this version writes
   */
  public static RunContract fromEnvironment(Map<String, String> env) {
    String text = env.get(ENV);
    if (text == null || text.isBlank()) {
      return headless();
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (!node.isObject() || !node.hasNonNull("kind")) {
        throw new InvalidInputException(ENV + " must be a JSON object with a \"kind\"");
      }
      String nominal = text(node, "nominalTime");
      String idFile = text(node, "runIdFile");
      long heartbeatMillis = node.path("heartbeatMillis").asLong(HEARTBEAT.toMillis());
      RunContract contract =
          new RunContract(
              RunKind.parse(node.get("kind").asText()),
              text(node, "parentRun"),
              text(node, "schedule"),
              nominal == null ? null : Instant.parse(nominal),
              node.path("claimFiring").asBoolean(false),
              node.path("attempt").asInt(0),
              text(node, "trigger"),
              node.path("recovered").asBoolean(false),
              idFile == null ? null : Path.of(idFile),
              node.path("watchParent").asBoolean(false),
              Duration.ofMillis(heartbeatMillis > 0 ? heartbeatMillis : HEARTBEAT.toMillis()));
      if (contract.claimFiring && (contract.schedule == null || contract.nominalTime == null)) {
        throw new InvalidInputException("claimFiring needs a schedule and a nominalTime");
      }
      return contract;
    } catch (JsonProcessingException | DateTimeParseException | InvalidInputException e) {
      throw new FactoryException(
          "the run contract in "
              + ENV
              + " is malformed ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); it is written by the pipeline or the scheduler: unset it to run by hand",
          e);
    }
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
