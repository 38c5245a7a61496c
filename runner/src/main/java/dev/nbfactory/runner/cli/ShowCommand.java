package dev.nbfactory.runner.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nbfactory.registry.ArtifactVersion;
import dev.nbfactory.registry.CheckResult;
import dev.nbfactory.registry.Metric;
import dev.nbfactory.registry.Parameter;
import dev.nbfactory.registry.Registry;
import dev.nbfactory.registry.Run;
import dev.nbfactory.registry.RunRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code factory show RUN}: everything recorded about one run. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Show one run: its fields, parameters, inputs, outputs, metrics, data checks and tags.")
final class ShowCommand extends RegistryCommand {
  @Parameters(index = "0", paramLabel = "RUN", description = "Run id, or its first 4+ digits.")
  private String runId;

  @Option(names = "--json", description = "Print JSON instead of text.")
  private boolean json;

  ShowCommand(CliContext context) {
    super(context);
  }

  @Override
  int run(Registry registry) {
    RunRecord record = registry.record(runId);
    Instant now = context.clock().instant();
    if (json) {
      JsonOutput.print(context.out(), toJson(record, now));
    } else {
      print(record, now);
    }
    return 0;
  }

  private void print(RunRecord record, Instant now) {
    PrintWriter out = context.out();
    Run run = record.run();
    TextTable fields = TextTable.withoutHeaders(2);
    fields.add("run", run.id());
    fields.add("stage", run.stage());
    fields.add("status", run.status());
    fields.add("kind", Format.lower(run.kind()));
    fields.add(
        "started", Format.instant(run.startedAt()) + " (" + Format.ago(run.startedAt(), now) + ")");
    fields.add("ended", run.endedAt() == null ? "-" : Format.instant(run.endedAt()));
    fields.add(
        "duration", Format.duration(run.duration(now)) + (run.endedAt() == null ? " so far" : ""));
    if (run.notebookPath() != null || run.notebookHash() != null) {
      fields.add(
          "notebook",
          (run.notebookPath() == null ? "-" : run.notebookPath())
              + (run.notebookHash() == null
                  ? ""
                  : " (" + Format.prefix(run.notebookHash(), 12) + ")"));
    }
    optional(fields, "git commit", run.gitCommit());
    optional(fields, "java", run.javaVersion());
    optional(fields, "host", run.host());
    optional(fields, "user", run.user());
    optional(fields, "parent run", run.parentRunId());
    if (run.schedule() != null) {
      fields.add(
          "schedule",
          run.schedule()
              + (run.fireTime() == null ? "" : " (fired " + Format.instant(run.fireTime()) + ")"));
    }
    if (!run.classpath().isEmpty()) {
      fields.add("classpath", run.classpath().size() + " entries (--json lists them)");
    }
    optional(fields, "error", run.error());
    fields.print(out);

    section(out, "parameters", parameters(record.parameters()));
    section(out, "inputs", versions(record.inputs()));
    section(out, "outputs", versions(record.outputs()));
    section(out, "metrics", metrics(record));
    section(out, "checks", checks(record.checks()));
    TextTable tags = TextTable.withoutHeaders(2);
    record.tags().forEach(tags::add);
    section(out, "tags", tags);
  }

  private static void optional(TextTable fields, String name, String value) {
    if (value != null && !value.isBlank()) {
      fields.add(name, value);
    }
  }

  private static TextTable parameters(List<Parameter> parameters) {
    TextTable table = TextTable.withoutHeaders(3);
    for (Parameter p : parameters) {
      table.add(p.name(), p.value() == null ? "null" : p.value(), p.secret() ? "(secret)" : "");
    }
    return table;
  }

  private static TextTable versions(List<ArtifactVersion> versions) {
    TextTable table = TextTable.withoutHeaders(4).alignRight(3);
    for (ArtifactVersion v : versions) {
      table.add(v.ref(), Format.lower(v.kind()), v.shortHash(), Format.size(v.size()));
    }
    return table;
  }

  private static TextTable metrics(RunRecord record) {
    TextTable table = TextTable.withoutHeaders(3);
    for (MetricSummary m : MetricSummary.of(record.metrics())) {
      table.add(
          m.key(),
          Format.number(m.last()),
          m.count() > 1 ? "(last of " + m.count() + " values, step " + m.lastStep() + ")" : "");
    }
    return table;
  }

  /** Each data check in the order made: name, outcome, what it observed and what it expected. */
  private static TextTable checks(List<CheckResult> checks) {
    TextTable table = TextTable.withoutHeaders(4);
    for (CheckResult c : checks) {
      table.add(
          c.name(),
          c.outcome(),
          c.observed() == null ? "-" : c.observed(),
          c.expected() == null ? "" : "expected " + c.expected());
    }
    return table;
  }

  private static void section(PrintWriter out, String title, TextTable table) {
    out.println();
    if (table.isEmpty()) {
      out.println(title + ": none");
      return;
    }
    out.println(title);
    table.print(out, "  ");
  }

  static ObjectNode toJson(RunRecord record, Instant now) {
    ObjectNode node = JsonOutput.run(record.run(), now);
    ArrayNode parameters = node.putArray("parameters");
    for (Parameter p : record.parameters()) {
      parameters
          .addObject()
          .put("name", p.name())
          .put("value", p.value())
          .put("secret", p.secret());
    }
    ArrayNode inputs = node.putArray("inputs");
    record.inputs().forEach(v -> inputs.add(JsonOutput.version(v)));
    ArrayNode outputs = node.putArray("outputs");
    record.outputs().forEach(v -> outputs.add(JsonOutput.version(v)));
    ArrayNode metrics = node.putArray("metrics");
    for (MetricSummary m : MetricSummary.of(record.metrics())) {
      ObjectNode metric = metrics.addObject().put("key", m.key());
      JsonOutput.putNumber(metric, "last", m.last());
      metric.put("step", m.lastStep()).put("count", m.count());
      ArrayNode values = metric.putArray("values");
      for (Metric value : record.metrics()) {
        if (value.key().equals(m.key())) {
          ObjectNode point = values.addObject().put("step", value.step());
          JsonOutput.putNumber(point, "value", value.value());
          point.put("timestamp", JsonOutput.time(value.timestamp()));
        }
      }
    }
    ArrayNode checks = node.putArray("checks");
    for (CheckResult c : record.checks()) {
      checks
          .addObject()
          .put("name", c.name())
          .put("severity", c.severity().name())
          .put("passed", c.passed())
          .put("outcome", c.outcome())
          .put("expected", c.expected())
          .put("observed", c.observed());
    }
    ObjectNode tags = node.putObject("tags");
    for (Map.Entry<String, String> tag : record.tags().entrySet()) {
      tags.put(tag.getKey(), tag.getValue());
    }
    return node;
  }
}
