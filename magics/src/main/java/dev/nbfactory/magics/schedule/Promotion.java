package dev.nbfactory.magics.schedule;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nbfactory.magics.NotebookHash;
import dev.nbfactory.magics.ParameterCell;
import dev.nbfactory.registry.ArtifactNames;
import dev.nbfactory.registry.FileGlob;
import dev.nbfactory.registry.InvalidInputException;
import dev.nbfactory.registry.NotFoundException;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Schedule;
import dev.nbfactory.registry.SecretMarks;
import dev.nbfactory.registry.SecretReference;
import dev.nbfactory.registry.StoredObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Promotes a notebook to a schedule: checks the trigger, time zone and parameters against the
 * notebook, pins its bytes in the artifact store (so later edits change nothing until it is
 * promoted again), and records the schedule with who promoted it. Shared by {@code factory promote}
 * and {@code %promote}.
 */
public final class Promotion {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Registry registry;
  private final ParameterRules rules;

  public Promotion(Registry registry, ParameterRules rules) {
    this.registry = registry;
    this.rules = rules;
  }

  /** What a promotion recorded, and the next few fire times to show. */
  public record Result(Schedule schedule, List<Instant> nextFires, List<String> warnings) {
    /** A few lines for a person: what was pinned, when it runs, and what to do next. */
    public String describe() {
      Schedule s = schedule;
      StringBuilder out = new StringBuilder();
      out.append("Promoted ")
          .append(s.notebookFile())
          .append(" as schedule '")
          .append(s.name())
          .append("' (promotion ")
          .append(s.promotion())
          .append(", by ")
          .append(s.promotedBy())
          .append(" at ")
          .append(s.promotedAt())
          .append(")\n");
      if (s.pipeline()) {
        out.append("  pinned: ")
            .append(s.stageNotebooks().size())
            .append(" stage notebooks (")
            .append(String.join(", ", s.stageNotebooks().keySet()))
            .append("), run as a pipeline")
            .append(s.pipelineFrom() == null ? "" : " from stage '" + s.pipelineFrom() + "'")
            .append(": later edits change nothing until it is promoted again\n");
        if (s.grid() != null) {
          out.append("  grid: ")
              .append(ScheduledGrid.parse(s.grid()).describe())
              .append(", each firing one experiment named ")
              .append(s.name())
              .append('\n');
        }
      } else {
        out.append("  pinned: object ")
            .append(s.notebookObject(), 0, 12)
            .append(": later edits to the notebook change nothing until it is promoted again\n");
      }
      if (s.cron() != null) {
        ZoneId zone = CronSchedule.zone(s.timeZone());
        out.append("  cron: ").append(s.cron()).append(" in ").append(s.timeZone()).append('\n');
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");
        for (Instant t : nextFires) {
          out.append("    next: ").append(f.format(t.atZone(zone))).append('\n');
        }
      }
      if (s.onNew() != null) {
        out.append("  runs on each new version of '").append(s.onNew()).append("'\n");
      }
      if (s.onNewFile() != null) {
        out.append("  runs on each new or changed file matching ")
            .append(s.onNewFile())
            .append('\n');
      }
      if (s.metric() != null) {
        out.append("  runs ")
            .append(s.metric().describe())
            .append(" (at most once per ")
            .append(DurationText.format(s.metric().cooldown()))
            .append(", on ")
            .append(s.metric().minEvidence())
            .append(" outcomes or decisions or more)\n");
      }
      if (!s.parameters().isEmpty()) {
        out.append("  parameters: ").append(s.shownParameters()).append('\n');
      }
      out.append("  policies: misfire ")
          .append(s.misfire().name().toLowerCase(java.util.Locale.ROOT))
          .append(", concurrency ")
          .append(s.concurrency().name().toLowerCase(java.util.Locale.ROOT))
          .append(", retries ")
          .append(s.retries())
          .append(", timeout ")
          .append(DurationText.format(s.timeout()))
          .append('\n');
      for (String w : warnings) {
        out.append("  warning: ").append(w).append('\n');
      }
      out.append("  'factory scheduler' runs it; 'factory schedules show ")
          .append(s.name())
          .append("' shows it");
      return out.toString();
    }
  }

  /** Promotes {@code notebook} with {@code options}, recorded as done by {@code user}. */
  public Result promote(Path notebook, PromoteOptions options, String user) {
    return promote(notebook, options, user, Path.of("").toAbsolutePath());
  }

  /**
   * As {@link #promote(Path, PromoteOptions, String)}, a relative {@code --on-new-file} glob taken
   * from {@code base} (the command's working directory).
   */
  public Result promote(Path notebook, PromoteOptions options, String user, Path base) {
    if (Files.isDirectory(notebook)) {
      throw new InvalidInputException(
          notebook
              + " is a folder: promote a pipeline with 'factory promote "
              + notebook
              + " ...', which reads its stages as 'factory pipeline run' does");
    }
    if (options.from() != null) {
      throw new InvalidInputException(
          "--from "
              + options.from()
              + " names a stage of a pipeline: promote the pipeline's folder, not one notebook");
    }
    if (options.hasGrid()) {
      throw new InvalidInputException(
          "--grid runs a pipeline over a grid: promote the pipeline's folder, not one notebook");
    }
    byte[] bytes = read(notebook);
    JsonNode doc = notebookJson(notebook, bytes);
    String file = notebook.getFileName().toString();
    String name =
        options.name() != null
            ? options.name()
            : file.endsWith(".ipynb") ? file.substring(0, file.length() - 6) : file;
    ArtifactNames.validateStage(name);
    List<String> warnings = new ArrayList<>();
    checkParameters(doc, options, notebook, warnings);
    StoredObject pinned = registry.store().put(bytes);
    return record(
        name,
        notebook.toAbsolutePath().normalize().toString(),
        file,
        pinned.hash(),
        NotebookHash.of(doc),
        Map.of(),
        options,
        user,
        base,
        warnings);
  }

  /**
   * Promotes a folder of stage notebooks as one pipeline: each of {@code notebooks} (every notebook
   * the pipeline runs, as {@code factory pipeline run} lists them) is pinned by its bytes, and a
   * firing runs them as that command does, from {@code options.from()} when given.
   *
   * @param stages the pipeline's stage names, which {@code --from} must name one of
   */
  public Result promotePipeline(
      Path folder,
      List<Path> notebooks,
      Set<String> stages,
      PromoteOptions options,
      String user,
      Path base) {
    if (!options.parameters().isEmpty()) {
      throw new InvalidInputException(
          "-p is for one notebook; a pipeline's stages run with the values of their parameters"
              + " cells: set them there, or promote the stage notebook itself");
    }
    if (options.from() != null && !stages.contains(options.from())) {
      throw new InvalidInputException(
          "--from "
              + options.from()
              + ": no such stage in "
              + folder
              + "; its stages are "
              + new java.util.TreeSet<>(stages));
    }
    Path dir = folder.toAbsolutePath().normalize();
    String folderName = dir.getFileName() == null ? "pipeline" : dir.getFileName().toString();
    String name = options.name() != null ? options.name() : folderName;
    ArtifactNames.validateStage(name);
    if (stages.contains(name)) {
      throw new InvalidInputException(
          "the schedule's name '"
              + name
              + "' is also the name of one of its stages: give it another with --name");
    }
    Map<String, String> pinned = new java.util.TreeMap<>();
    for (Path notebook : notebooks) {
      byte[] bytes = read(notebook);
      notebookJson(notebook, bytes);
      if (!notebook.toAbsolutePath().normalize().getParent().equals(dir)) {
        throw new InvalidInputException(notebook + " is not directly in " + folder);
      }
      pinned.put(notebook.getFileName().toString(), registry.store().put(bytes).hash());
    }
    if (pinned.isEmpty()) {
      throw new InvalidInputException("no notebooks in " + folder + " to promote");
    }
    com.fasterxml.jackson.databind.node.ObjectNode manifest = JSON.createObjectNode();
    manifest.put("pipeline", folderName);
    pinned.forEach(manifest.putObject("notebooks")::put);
    if (options.from() != null) {
      manifest.put("from", options.from());
    }
    StoredObject object = registry.store().put(manifest.toString().getBytes(UTF_8));
    return record(
        name,
        dir.toString(),
        folderName,
        object.hash(),
        null,
        pinned,
        options,
        user,
        base,
        new ArrayList<>());
  }

  private Result record(
      String name,
      String path,
      String file,
      String object,
      String notebookHash,
      Map<String, String> stageNotebooks,
      PromoteOptions options,
      String user,
      Path base,
      List<String> warnings) {
    if (user == null || user.isBlank()) {
      throw new InvalidInputException("promotion needs a user to record: none is known");
    }
    String zone = CronSchedule.zone(options.timeZone()).getId();
    CronSchedule cron =
        options.cron() == null
            ? null
            : CronSchedule.parse(options.cron(), zone)
                .requireFutureFiring(options.cron(), registry.clock().instant());
    if (options.onNew() != null) {
      ArtifactNames.validate(options.onNew());
      if (registry.latest(options.onNew()).isEmpty()) {
        warnings.add(
            "no artifact '"
                + options.onNew()
                + "' yet: the schedule fires on its first version once one is recorded");
      }
    }
    for (MetricCondition c : java.util.Arrays.asList(options.onMetric(), options.onDrift())) {
      if (c != null && registry.latest(c.model().substring(0, c.model().indexOf('@'))).isEmpty()) {
        warnings.add(
            "no model '"
                + c.model()
                + "' yet: the condition is checked once it resolves and its predictions are logged");
      }
    }
    String onNewFile =
        options.onNewFile() == null ? null : FileGlob.absolute(options.onNewFile(), base);
    Schedule draft =
        new Schedule(
            name,
            path,
            file,
            object,
            notebookHash,
            cron == null ? null : cron.expression(),
            zone,
            options.onNew(),
            onNewFile,
            options.parameters(),
            options.misfire(),
            options.concurrency(),
            options.retries(),
            options.retryDelay(),
            options.timeout(),
            options.onFailure(),
            false,
            null,
            null,
            0,
            null,
            options.metricTrigger(),
            stageNotebooks,
            options.from(),
            stageNotebooks.isEmpty()
                ? null
                : java.util.Optional.ofNullable(ScheduledGrid.of(options, base))
                    .map(ScheduledGrid::json)
                    .orElse(null));
    // As --on-new: what is there already fires nothing; files that land from now on do. Hashed
    // before the schedule is saved, so a file that cannot be read fails the promotion whole.
    Map<Path, String> present = new LinkedHashMap<>();
    if (onNewFile != null) {
      for (Path landed : FileGlob.matches(onNewFile)) {
        present.put(landed, registry.externalContent(landed).contentHash());
      }
    }
    Schedule saved = registry.schedules().promote(draft, user);
    present.forEach((landed, hash) -> registry.schedules().claimFile(name, landed, hash));
    List<Instant> next = cron == null ? List.of() : cron.next(registry.clock().instant(), 3);
    return new Result(saved, next, warnings);
  }

  private static byte[] read(Path notebook) {
    try {
      return Files.readAllBytes(notebook);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("no notebook at " + notebook + ": give the path of an .ipynb");
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + notebook + ": " + e.getMessage());
    }
  }

  private static JsonNode notebookJson(Path notebook, byte[] bytes) {
    JsonNode doc;
    try {
      doc = JSON.readTree(bytes);
    } catch (IOException e) {
      doc = null;
    }
    if (doc == null || !doc.path("cells").isArray()) {
      throw new InvalidInputException(
          notebook + " is not a notebook (nbformat 4 JSON with cells): promote the .ipynb file");
    }
    return doc;
  }

  private void checkParameters(
      JsonNode doc, PromoteOptions options, Path notebook, List<String> warnings) {
    if (options.parameters().isEmpty()) {
      return;
    }
    options.parameters().keySet().forEach(rules::checkName);
    String source = null;
    for (JsonNode cell : doc.path("cells")) {
      boolean tagged = false;
      for (JsonNode tag : cell.path("metadata").path("tags")) {
        tagged |= tag.asText().equals("parameters");
      }
      if (tagged) {
        StringBuilder text = new StringBuilder();
        JsonNode src = cell.path("source");
        if (src.isArray()) {
          src.forEach(line -> text.append(line.asText()));
        } else {
          text.append(src.asText());
        }
        source = text.toString();
        break;
      }
    }
    if (source == null) {
      throw new InvalidInputException(
          notebook.getFileName()
              + " has no cell tagged 'parameters', so -p "
              + options.parameters().keySet().iterator().next()
              + " has nothing to set: tag the cell that declares the parameters 'parameters'");
    }
    Set<String> declared = rules.declared(source);
    List<String> undeclared =
        options.parameters().keySet().stream().filter(p -> !declared.contains(p)).toList();
    if (!undeclared.isEmpty()) {
      throw new InvalidInputException(
          "the parameters cell of "
              + notebook.getFileName()
              + " does not declare "
              + String.join(", ", undeclared)
              + (declared.isEmpty() ? "" : " (it declares " + String.join(", ", declared) + ")")
              + ": declare it there, such as 'int "
              + undeclared.get(0)
              + " = 1;', or drop -p "
              + undeclared.get(0));
    }
    checkSecrets(ParameterCell.secretMarks(source), options.parameters(), warnings);
  }

  /**
   * A schedule keeps no secret's value, in the registry or in an export: a secret is promoted as a
   * reference, {@code env:NAME}, which the run reads from its environment when it starts.
   */
  private static void checkSecrets(
      SecretMarks marks, Map<String, String> parameters, List<String> warnings) {
    parameters.forEach(
        (name, value) -> {
          boolean reference = SecretReference.isReference(value);
          if (marks.isSecret(name) && !reference) {
            SecretReference ref = SecretReference.suggestedFor(name);
            throw new InvalidInputException(
                name
                    + " is a secret, and a schedule keeps no secret's value: promote a reference,"
                    + " -p "
                    + name
                    + " "
                    + ref
                    + ", and set "
                    + ref.variable()
                    + " where the scheduler runs (in an export, a Kubernetes Secret key or an"
                    + " Airflow Variable of that name). If "
                    + name
                    + " is not a secret, start its parameters cell with %%params --not-secret "
                    + name);
          }
          if (!marks.isSecret(name) && reference) {
            warnings.add(
                name
                    + " is not a secret, so its value is the text '"
                    + value
                    + "'; to read it from the environment, mark it: %%params --secret "
                    + name);
          }
        });
  }
}
